package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringIsRedactedAndRevealGivesTheValue() {
        Secret s = Secret.of("hunter2");

        assertThat(s.toString()).isEqualTo("Secret[redacted]");
        assertThat("" + s).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2");
        assertThat(s).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("hunter3"));
    }

    @Test
    void aMissingEnvironmentVariableIsNamedButNoValueIsShown() {
        assertThatThrownBy(() -> Secret.requireFromEnv("VIGIL_SURELY_UNSET_VARIABLE"))
                .hasMessage("environment variable VIGIL_SURELY_UNSET_VARIABLE is not set");
        assertThatThrownBy(() -> Secret.of(" ")).hasMessage("secret value must not be blank");
    }

    @Test
    void aSecretFromAnUnsetVariableIsAbsentAndSaysWhyButCannotBeRevealed() {
        Secret absent = Secret.fromEnv("VIGIL_SURELY_UNSET_VARIABLE");

        assertThat(absent.isPresent()).isFalse();
        assertThat(absent.absence()).isEqualTo("environment variable VIGIL_SURELY_UNSET_VARIABLE is not set");
        assertThat(absent).hasToString("Secret[absent]").isEqualTo(Secret.fromEnv("VIGIL_SURELY_UNSET_VARIABLE"));
        assertThatThrownBy(absent::reveal)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret is absent: environment variable VIGIL_SURELY_UNSET_VARIABLE is not set");
        assertThat(Secret.of("x").isPresent()).isTrue();
        assertThat(Secret.of("x").absence()).isNull();
        assertThat(absent).isNotEqualTo(Secret.of("x"));
    }
}
