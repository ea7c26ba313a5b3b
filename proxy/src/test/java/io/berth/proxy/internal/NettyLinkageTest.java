package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import io.netty.channel.uring.IoUring;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The native transports' Java classes (netty-transport-classes-epoll, netty-transport-classes-io_uring
 * and netty-transport-native-unix-common) are pinned to the version whose native library Maven
 * Central has, older than the rest of Netty (see the parent pom). Every field, method and
 * constructor those two jars use from Netty must still exist in the Netty on the classpath, or the
 * proxy would fail with NoSuchMethodError at the first call.
 */
class NettyLinkageTest {
    @Test
    void everyNettyMemberThePinnedJarsUseExists() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Class<?> inJar : List.of(Epoll.class, IoUring.class, Errors.class)) {
            Path jar = Path.of(
                    inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry e : Collections.list(jf.entries())) {
                    if (!e.getName().endsWith(".class") || e.getName().endsWith("module-info.class")) {
                        continue;
                    }
                    for (MemberRef ref : MemberRef.read(new DataInputStream(jf.getInputStream(e)))) {
                        if (ref.owner.startsWith("io/netty/")) {
                            checked++;
                            if (!exists(ref)) {
                                missing.add(ref + " (used by " + e.getName() + " in " + jar.getFileName() + ")");
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(missing).isEmpty();
    }

    @Test
    void theNativeLibraryMatchesTheJavaClasses() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            // Loading the library registers its JNI methods; Errors' static initializer then calls
            // them, so a library older than the Java classes fails here.
            assertThat(Epoll.isAvailable())
                    .as(String.valueOf(Epoll.unavailabilityCause()))
                    .isTrue();
            assertThat(Errors.ERRNO_ENOENT_NEGATIVE).isNegative();
            // io_uring's library loads wherever the kernel lets this process use io_uring; where it
            // does not (kernel.io_uring_disabled, seccomp), the cause must be the kernel's refusal,
            // not a library that fails to link.
            if (!IoUring.isAvailable()) {
                assertThat(IoUring.unavailabilityCause())
                        .isNotInstanceOf(UnsatisfiedLinkError.class)
                        .isNotInstanceOf(NoSuchMethodError.class);
            }
        }
    }

    private static boolean exists(MemberRef ref) {
        Class<?> owner;
        try {
            owner = Class.forName(ref.owner.replace('/', '.'), false, NettyLinkageTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(owner));
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            if (declares(k, ref)) {
                return true;
            }
            if (k.getSuperclass() != null) {
                todo.add(k.getSuperclass());
            }
            todo.addAll(Arrays.asList(k.getInterfaces()));
        }
        return false;
    }

    private static boolean declares(Class<?> k, MemberRef ref) {
        if (ref.field) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(ref.name)
                        && f.getType().descriptorString().equals(ref.descriptor)) {
                    return true;
                }
            }
        } else if (ref.name.equals("<init>")) {
            for (Constructor<?> c : k.getDeclaredConstructors()) {
                if (MethodType.methodType(void.class, c.getParameterTypes())
                        .descriptorString()
                        .equals(ref.descriptor)) {
                    return true;
                }
            }
        } else {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(ref.name)
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                                .descriptorString()
                                .equals(ref.descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A field or method reference from a class file's constant pool. */
    private record MemberRef(String owner, String name, String descriptor, boolean field) {
        @Override
        public String toString() {
            return owner + "." + name + descriptor;
        }

        static List<MemberRef> read(DataInputStream in) throws IOException {
            in.readInt(); // magic
            in.readInt(); // minor and major version
            int count = in.readUnsignedShort();
            int[] tag = new int[count];
            int[] a = new int[count];
            int[] b = new int[count];
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                tag[i] = in.readUnsignedByte();
                switch (tag[i]) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7, 8, 16, 19, 20 -> a[i] = in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> {
                        a[i] = in.readUnsignedShort();
                        b[i] = in.readUnsignedShort();
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // a long or double takes two entries
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag[i]);
                }
            }
            List<MemberRef> refs = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                if (tag[i] >= 9 && tag[i] <= 11) {
                    String owner = utf8[a[a[i]]];
                    int nameAndType = b[i];
                    refs.add(new MemberRef(owner, utf8[a[nameAndType]], utf8[b[nameAndType]], tag[i] == 9));
                }
            }
            return refs;
        }
    }
}
