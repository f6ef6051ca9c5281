package dev.vigil.notify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Property(tries = 500)
    void aCutSlackTextFitsAndNeverSplitsAnEntityOrASurrogatePair(
            @ForAll @StringLength(max = 300) String raw, @ForAll @IntRange(min = 2, max = 200) int max) {
        String escaped = Texts.slackEscape(raw + "&<>😀");

        String cut = Texts.truncate(escaped, max);

        assertThat(cut.length()).isLessThanOrEqualTo(Math.max(max, 1));
        assertThat(cut.replace("&amp;", "").replace("&lt;", "").replace("&gt;", ""))
                .doesNotContain("&");
        if (!cut.isEmpty() && cut.length() > 1) {
            char beforeEllipsis = cut.charAt(cut.length() - 1);
            assertThat(Character.isHighSurrogate(beforeEllipsis)).isFalse();
        }
        if (escaped.length() <= max) {
            assertThat(cut).isEqualTo(escaped);
        } else {
            assertThat(cut).endsWith(Texts.ELLIPSIS);
            assertThat(escaped).startsWith(cut.substring(0, cut.length() - 1));
        }
    }

    @Test
    void htmlEscapingCoversMarkupAndAttributeQuotes() {
        assertThat(Texts.htmlEscape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void slackEscapingLeavesEverythingButTheThreeControlCharacters() {
        assertThat(Texts.slackEscape("*bold* _it_ <!here> a&b \"q\""))
                .isEqualTo("*bold* _it_ &lt;!here&gt; a&amp;b \"q\"");
    }
}
