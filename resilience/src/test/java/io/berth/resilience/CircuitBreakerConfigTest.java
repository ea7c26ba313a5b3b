package io.berth.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();

        assertThat(config.consecutiveFailureThreshold()).isEqualTo(5);
        assertThat(config.failureRateThreshold()).isEqualTo(50.0);
        assertThat(config.slidingWindowSize()).isEqualTo(20);
        assertThat(config.minimumNumberOfCalls()).isEqualTo(10);
        assertThat(config.halfOpenMaxProbes()).isEqualTo(1);
        assertThat(config.successesToClose()).isEqualTo(1);
        assertThat(config.openBackoff())
                .hasToString("Backoff.exponential(initial=PT1S, multiplier=2.0, jitter=0.2, cap=PT30S)");
        assertThat(CircuitBreakerConfig.custom().build()).hasToString(config.toString());
    }

    @Test
    void fromCopiesEverySettingOfItsBase() {
        Backoff backoff = Backoff.fixed(Duration.ofSeconds(3));
        CircuitBreakerConfig base = CircuitBreakerConfig.custom()
                .consecutiveFailureThreshold(7)
                .failureRateThreshold(75)
                .slidingWindowSize(40)
                .minimumNumberOfCalls(30)
                .openBackoff(backoff)
                .halfOpenMaxProbes(3)
                .successesToClose(2)
                .build();

        CircuitBreakerConfig copy =
                CircuitBreakerConfig.from(base).successesToClose(3).build();

        assertThat(copy.consecutiveFailureThreshold()).isEqualTo(7);
        assertThat(copy.failureRateThreshold()).isEqualTo(75.0);
        assertThat(copy.slidingWindowSize()).isEqualTo(40);
        assertThat(copy.minimumNumberOfCalls()).isEqualTo(30);
        assertThat(copy.openBackoff()).isSameAs(backoff);
        assertThat(copy.halfOpenMaxProbes()).isEqualTo(3);
        assertThat(copy.successesToClose()).isEqualTo(3);
        assertThat(base.successesToClose()).isEqualTo(2);
    }

    @Test
    void badValuesAreRejectedAtOnceNamingTheSettingTheValueAndTheRange() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.custom();

        assertThatThrownBy(() -> builder.failureRateThreshold(120))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRateThreshold must be in (0, 100], was 120.0");
        assertThatThrownBy(() -> builder.failureRateThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRateThreshold must be in (0, 100], was 0.0");
        assertThatThrownBy(() -> builder.failureRateThreshold(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRateThreshold must be in (0, 100], was NaN");
        assertThatThrownBy(() -> builder.consecutiveFailureThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("consecutiveFailureThreshold must be >= 1, was 0");
        assertThatThrownBy(() -> builder.slidingWindowSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slidingWindowSize must be >= 1, was 0");
        assertThatThrownBy(() -> builder.minimumNumberOfCalls(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumNumberOfCalls must be >= 1, was -3");
        assertThatThrownBy(() -> builder.halfOpenMaxProbes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("halfOpenMaxProbes must be >= 1, was 0");
        assertThatThrownBy(() -> builder.successesToClose(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successesToClose must be >= 1, was 0");
        assertThatThrownBy(() -> builder.openBackoff(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("openBackoff");
    }

    @Test
    void aMinimumNumberOfCallsLargerThanTheWindowIsRejectedByBuild() {
        CircuitBreakerConfig.Builder builder =
                CircuitBreakerConfig.custom().slidingWindowSize(5).minimumNumberOfCalls(6);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumNumberOfCalls must be in [1, slidingWindowSize=5], was 6");
    }
}
