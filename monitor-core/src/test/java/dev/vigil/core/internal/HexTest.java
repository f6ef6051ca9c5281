package dev.vigil.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HexTest {

    @Property(tries = 1000)
    void writesWhatTheFormatterWrites(@ForAll long value) {
        assertThat(Hex.of(value)).isEqualTo(String.format("%016x", value));
    }

    @Test
    void keepsLeadingZerosAndTheSignBit() {
        assertThat(Hex.of(0)).isEqualTo("0000000000000000");
        assertThat(Hex.of(0xabcL)).isEqualTo("0000000000000abc");
        assertThat(Hex.of(-1)).isEqualTo("ffffffffffffffff");
        assertThat(Hex.of(Long.MIN_VALUE)).isEqualTo("8000000000000000");
    }
}
