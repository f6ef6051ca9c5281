package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.label.LabelMatcher;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed PromQL expression, as the grammar reads it, before Vigil's subset is checked: the
 * parser accepts much more than Vigil evaluates, so that a refusal can name the construct.
 */
sealed interface PromQlAst {

    /** Offset of the node in the expression text. */
    int pos();

    record NumberLiteral(double value, int pos) implements PromQlAst {}

    record Text(String value, int pos) implements PromQlAst {}

    record Paren(PromQlAst inner, int pos) implements PromQlAst {}

    /** {@code name{matchers}}; {@code name} is {@code null} when only matchers are given. */
    record Selector(@Nullable String name, List<LabelMatcher> matchers, int pos) implements PromQlAst {}

    record Range(PromQlAst selector, Duration range, int pos) implements PromQlAst {}

    /** A construct recognised only to be refused by name: {@code offset}, {@code @}, a subquery. */
    record Refused(String construct, int pos) implements PromQlAst {}

    record Call(String function, List<PromQlAst> args, int pos) implements PromQlAst {}

    record Aggregation(String operator, int pos) implements PromQlAst {}

    record Unary(String op, PromQlAst operand, int pos) implements PromQlAst {}

    /**
     * A binary operation; {@code modifier} is the first of {@code bool}, {@code on}, {@code ignoring},
     * {@code group_left}, {@code group_right} written, or {@code null}.
     */
    record Binary(String op, PromQlAst lhs, PromQlAst rhs, String modifier, int pos) implements PromQlAst {}
}
