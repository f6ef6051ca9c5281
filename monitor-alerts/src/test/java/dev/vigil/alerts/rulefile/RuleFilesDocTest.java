package dev.vigil.alerts.rulefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code docs/rule-files.md} keeps up with what the loader reads. */
class RuleFilesDocTest {

    static final Path DOC = Path.of("..", "docs", "rule-files.md");

    @Test
    void theSubsetTableAndTheRefusalsNameEverySupportedFunction() throws Exception {
        String doc = Files.readString(DOC);
        for (PromQuery.Function f : PromQuery.Function.values()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            assertThat(doc).contains("`" + name);
            assertThat(PromQlTranslator.SUPPORTED).contains(name);
        }
        assertThat(PromQlTranslator.SUPPORTED).contains("absent(selector)", "absent_over_time(selector[range])");
    }

    @Test
    void everyFieldOfVigilsFormIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (String field : NativeForm.TOP_FIELDS) {
            assertThat(doc).contains(field + ":");
        }
        for (String field : NativeForm.RULE_FIELDS) {
            assertThat(doc).contains("`" + field + "`");
        }
    }
}
