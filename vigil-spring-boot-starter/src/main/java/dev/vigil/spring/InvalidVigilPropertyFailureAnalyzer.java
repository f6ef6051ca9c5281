package dev.vigil.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidVigilPropertyException} into Spring Boot's startup failure report. */
class InvalidVigilPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVigilPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidVigilPropertyException cause) {
        String description = "Invalid Vigil configuration:\n\n    Property: " + cause.property()
                + "\n    Value: " + (cause.value() == null ? "(not set)" : cause.value())
                + "\n    Reason: " + cause.reason();
        return new FailureAnalysis(
                description,
                "Correct " + cause.property()
                        + " in the application's configuration (see docs/spring-boot.md for every vigil.* property).",
                cause);
    }
}
