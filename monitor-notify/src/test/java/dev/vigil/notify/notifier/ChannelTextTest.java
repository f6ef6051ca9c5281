package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelTextTest {

    @Test
    void textThatFitsIsLeftAlone() {
        assertThat(ChannelText.cut("short", 5)).isEqualTo("short");
        assertThat(ChannelText.escaped("a<b", 10, TelegramNotifier::html)).isEqualTo("a&lt;b");
    }

    @Test
    void shortFieldsEndInAnEllipsisAndLongTextsSayTheyWereTruncated() {
        assertThat(ChannelText.cut("abcdefghij", 5)).isEqualTo("abcd…");
        String cut = ChannelText.cut("x".repeat(1000), 300);
        assertThat(cut).hasSize(300).endsWith("x… [truncated]");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String cut = ChannelText.cut("ab🚨🚨🚨", 4);

        assertThat(cut).isEqualTo("ab…");
    }

    @Test
    void aCutNeverSplitsAnEntity() {
        assertThat(ChannelText.cut("ab&amp;cd", 5)).isEqualTo("ab…");
        assertThat(ChannelText.cut("ab&amp;cd", 8)).isEqualTo("ab&amp;…");
    }

    @Test
    void aCutNeverLeavesAnEscapingBackslashAlone() {
        assertThat(ChannelText.cut("ab\\*cd", 4)).isEqualTo("ab…");
        // An escaped backslash is a pair: it stays whole.
        assertThat(ChannelText.cut("a\\\\bcd", 4)).isEqualTo("a\\\\…");
    }

    @Test
    void escapingCostsNoMoreThanTheLimitAndTheMarkerIsEscapedToo() {
        String huge = "[".repeat(1 << 20);

        String escaped = ChannelText.escaped(huge, 300, DiscordNotifier::markdown);

        assertThat(escaped).hasSize(299).startsWith("\\[\\[").endsWith("… \\[truncated\\]");
        assertThat(DiscordNotifierTest.shownByDiscord(escaped)).endsWith("[" + ChannelText.CUT);
    }

    @Test
    void aValueCutExactlyAtTheLimitStillShowsTheMarker() {
        assertThat(ChannelText.escaped("abcdef", 5, s -> s)).isEqualTo("abcd…");
    }
}
