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
        assertThatThrownBy(() -> Secret.fromEnv("VIGIL_SURELY_UNSET_VARIABLE"))
                .hasMessage("environment variable VIGIL_SURELY_UNSET_VARIABLE is not set");
        assertThatThrownBy(() -> Secret.of(" ")).hasMessage("secret value must not be blank");
    }
}
