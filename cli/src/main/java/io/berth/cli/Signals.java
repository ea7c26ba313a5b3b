package io.berth.cli;

import io.berth.proxy.BerthProxy;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The proxy's signal handlers. They are installed before the proxy opens its port, so a signal
 * sent as soon as the port answers reaches them and not the JVM's defaults; one that comes while
 * the proxy is still starting acts once it has started. Each runs on its own thread, as a handler
 * may take a while (SIGTERM waits for transactions).
 *
 * <p>A signal its parent ignored stays ignored: the JVM does not take over SIGINT, SIGTERM or
 * SIGHUP that were ignored at launch (nohup, or a background job of a script without job
 * control). Berth says so at start, with the other way to do the same thing.
 */
final class Signals {
    private final PrintStream err;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile BerthProxy proxy;

    Signals(PrintStream err) {
        this.err = err;
    }

    /** Runs {@code action} on the proxy when SIG{@code name} comes; {@code instead} is the other way to do it. */
    void on(String name, String instead, Consumer<BerthProxy> action) {
        SignalHandler previous = Signal.handle(
                new Signal(name),
                s -> Thread.ofPlatform()
                        .name("berth-sig" + name.toLowerCase(java.util.Locale.ROOT))
                        .start(() -> {
                            awaitStarted();
                            BerthProxy p = proxy;
                            if (p != null) {
                                action.accept(p);
                            }
                        }));
        if (previous == SignalHandler.SIG_IGN) {
            err.println("berth: SIG" + name + " was ignored by the process that started berth (nohup, or a"
                    + " background job of a script), so it stays ignored and does nothing here; " + instead);
        }
    }

    /** The proxy has started, or failed to ({@code null}): signals that came meanwhile act now. */
    void started(BerthProxy p) {
        proxy = p;
        started.countDown();
    }

    private void awaitStarted() {
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
