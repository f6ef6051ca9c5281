package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.label.LabelMatcher;
import dev.vigil.alerts.rule.Condition;
import dev.vigil.alerts.rule.NagiosRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks a parsed PromQL alerting expression against Vigil's subset and turns it into the parts of
 * a rule: the selected series, the value computed for each, the condition, and for
 * {@code absent()} how long a series may be silent.
 */
final class PromQlTranslator {

    /** The subset, as every refusal lists it. */
    static final String SUPPORTED = "supported: an instant selector with =, !=, =~, !~ matchers; "
            + "a comparison (>, <, >=, <=, ==, !=) with a number; avg_over_time, min_over_time, max_over_time, "
            + "sum_over_time, count_over_time, quantile_over_time, rate, increase, deriv, predict_linear over "
            + "a range selector; absent(selector) and absent_over_time(selector[range]) as the whole expression; "
            + "arithmetic (+, -, *, /, %, ^) with a number";

    /**
     * A translated expression.
     *
     * @param metric the metric name as written (PromQL name or the quoted {@code __name__} value)
     * @param quoted whether it was given as {@code {__name__="..."}}, which is taken as Vigil's name as is
     * @param matchers the other label matchers
     * @param query the value per series
     * @param condition when the value is a problem
     * @param absentFor for {@code absent}: how long without a sample is absent, else {@code null}
     * @param selectorOffset where the selector is written, for errors about its name
     */
    record Translation(
            String metric,
            boolean quoted,
            List<LabelMatcher> matchers,
            PromQuery query,
            Condition condition,
            @Nullable Duration absentFor,
            int selectorOffset) {}

    private PromQlAst.@Nullable Selector selector;

    private PromQlTranslator() {}

    static Translation translate(String expression) throws PromQlException {
        return new PromQlTranslator().top(PromQlParser.parse(expression));
    }

    private Translation top(PromQlAst ast) throws PromQlException {
        ast = unwrap(ast);
        if (ast instanceof PromQlAst.Call call
                && (call.function().equals("absent") || call.function().equals("absent_over_time"))) {
            return absent(call);
        }
        if (ast instanceof PromQlAst.Binary b && isComparison(b.op())) {
            if (b.modifier() != null) {
                throw refused("the '" + b.modifier() + "' modifier", b.pos());
            }
            Double left = scalar(b.lhs());
            Double right = scalar(b.rhs());
            if (left != null && right != null) {
                throw new PromQlException(
                        "the comparison has a number on both sides; an alert compares a series " + "with a number",
                        b.pos());
            }
            String op = b.op();
            PromQlAst vector = b.lhs();
            double threshold;
            if (left != null) {
                op = flip(op);
                vector = b.rhs();
                threshold = left;
            } else if (right != null) {
                threshold = right;
            } else {
                throw refused("a comparison between two series", b.pos());
            }
            PromQuery query = query(vector);
            return new Translation(
                    metricName(),
                    quoted(),
                    otherMatchers(),
                    query,
                    condition(op, threshold, b.pos()),
                    null,
                    selector.pos());
        }
        query(ast); // refuses unsupported constructs by name before the general complaint
        throw new PromQlException(
                "an alerting expression must compare a series with a number (e.g. "
                        + "node_load1 > 4) or be absent(...) / absent_over_time(...); " + SUPPORTED,
                ast.pos());
    }

    private Translation absent(PromQlAst.Call call) throws PromQlException {
        boolean overTime = call.function().equals("absent_over_time");
        if (call.args().size() != 1) {
            throw new PromQlException(
                    call.function() + "() takes one argument, got "
                            + call.args().size(),
                    call.pos());
        }
        PromQlAst arg = unwrap(call.args().get(0));
        Duration window = PromQuery.LOOKBACK;
        if (overTime) {
            if (!(arg instanceof PromQlAst.Range r)) {
                throw new PromQlException("absent_over_time() takes a range selector such as x[5m]", arg.pos());
            }
            window = r.range();
            arg = r.selector();
        } else if (!(arg instanceof PromQlAst.Selector)) {
            throw new PromQlException(
                    "absent() takes an instant selector; Vigil watches one exact series with it", arg.pos());
        }
        select((PromQlAst.Selector) arg);
        for (LabelMatcher m : selector.matchers()) {
            if (m.op() != LabelMatcher.Op.EQUAL) {
                throw new PromQlException(
                        "absent() in Vigil watches one exact series: matcher '" + m + "' must be an equality (=)",
                        selector.pos());
            }
        }
        return new Translation(
                metricName(),
                quoted(),
                otherMatchers(),
                new PromQuery.NoValue(),
                new Condition.Above(0),
                window,
                selector.pos());
    }

    private PromQuery query(PromQlAst ast) throws PromQlException {
        if (ast instanceof PromQlAst.Paren p) {
            return query(p.inner());
        }
        if (ast instanceof PromQlAst.Selector s) {
            select(s);
            return new PromQuery.Instant(PromQuery.LOOKBACK);
        }
        if (ast instanceof PromQlAst.Range r) {
            throw new PromQlException(
                    "a range selector [" + PromDurations.text(r.range())
                            + "] needs a function around it, e.g. avg_over_time(x[5m]); " + SUPPORTED,
                    r.pos());
        }
        if (ast instanceof PromQlAst.Call c) {
            return call(c);
        }
        if (ast instanceof PromQlAst.Unary u) {
            PromQuery inner = query(u.operand());
            return u.op().equals("-") ? new PromQuery.Arithmetic(inner, "*", -1, false) : inner;
        }
        if (ast instanceof PromQlAst.Binary b) {
            if (b.op().equals("and") || b.op().equals("or") || b.op().equals("unless")) {
                throw refused("the set operator '" + b.op() + "'", b.pos());
            }
            if (b.op().equals("atan2")) {
                throw refused("the operator 'atan2'", b.pos());
            }
            if (isComparison(b.op())) {
                throw refused("a comparison inside the expression (only the outermost operation may compare)", b.pos());
            }
            if (b.modifier() != null) {
                throw refused("the '" + b.modifier() + "' modifier", b.pos());
            }
            Double left = scalar(b.lhs());
            Double right = scalar(b.rhs());
            if (left != null) {
                return new PromQuery.Arithmetic(query(b.rhs()), b.op(), left, true);
            }
            if (right != null) {
                return new PromQuery.Arithmetic(query(b.lhs()), b.op(), right, false);
            }
            throw refused("arithmetic between two series", b.pos());
        }
        if (ast instanceof PromQlAst.Aggregation a) {
            throw refused("the aggregation '" + a.operator() + "'", a.pos());
        }
        if (ast instanceof PromQlAst.Refused r) {
            throw refused("the " + r.construct(), r.pos());
        }
        if (ast instanceof PromQlAst.Text t) {
            throw refused("a string literal", t.pos());
        }
        throw new PromQlException("a series was expected here, found a number", ast.pos());
    }

    private PromQuery call(PromQlAst.Call c) throws PromQlException {
        String f = c.function();
        List<PromQlAst> args = c.args();
        PromQuery.Function function;
        try {
            function = PromQuery.Function.valueOf(f.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notInSubset) {
            if (f.equals("absent") || f.equals("absent_over_time")) {
                throw refused(f + "() inside an expression (it must be the whole expression)", c.pos());
            }
            throw refused("the function '" + f + "'", c.pos());
        }
        int rangeArg = function == PromQuery.Function.QUANTILE_OVER_TIME ? 1 : 0;
        int arity = function == PromQuery.Function.QUANTILE_OVER_TIME || function == PromQuery.Function.PREDICT_LINEAR
                ? 2
                : 1;
        if (args.size() != arity) {
            throw new PromQlException(
                    f + "() takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + args.size(), c.pos());
        }
        PromQlAst range = unwrap(args.get(rangeArg));
        if (range instanceof PromQlAst.Refused r) {
            throw refused("the " + r.construct(), r.pos());
        }
        if (!(range instanceof PromQlAst.Range r)) {
            throw new PromQlException(
                    f + "() takes a range selector such as x[5m] as argument " + (rangeArg + 1), range.pos());
        }
        select((PromQlAst.Selector) r.selector());
        double parameter = 0;
        if (arity == 2) {
            PromQlAst p = args.get(rangeArg == 1 ? 0 : 1);
            Double value = scalar(p);
            if (value == null) {
                throw new PromQlException(
                        f + "() takes a number as its " + (rangeArg == 1 ? "first" : "second") + " argument", p.pos());
            }
            parameter = value;
            if (function == PromQuery.Function.QUANTILE_OVER_TIME && !(parameter >= 0 && parameter <= 1)) {
                throw new PromQlException("the quantile must be within 0..1, got " + parameter, p.pos());
            }
            if (function == PromQuery.Function.PREDICT_LINEAR && !(parameter > 0 && parameter < 1e10)) {
                throw new PromQlException(
                        "predict_linear() in Vigil looks ahead by a positive number of " + "seconds, got " + parameter,
                        p.pos());
            }
        }
        return new PromQuery.OverTime(function, r.range(), parameter);
    }

    private void select(PromQlAst.Selector s) throws PromQlException {
        if (selector != null) {
            throw refused("a second series selector", s.pos());
        }
        String name = s.name();
        for (LabelMatcher m : s.matchers()) {
            if (m.name().equals("__name__")) {
                if (m.op() != LabelMatcher.Op.EQUAL) {
                    throw new PromQlException(
                            "__name__ must be matched with '=' in Vigil (one metric per rule), " + "got " + m, s.pos());
                }
                if (name != null) {
                    throw new PromQlException("the selector names its metric twice: " + name + " and " + m, s.pos());
                }
            }
        }
        if (name == null && s.matchers().stream().noneMatch(m -> m.name().equals("__name__"))) {
            throw new PromQlException(
                    "the selector has no metric name; write name{...} or {__name__=\"...\"}", s.pos());
        }
        selector = s;
    }

    private String metricName() {
        if (selector.name() != null) {
            return selector.name();
        }
        return selector.matchers().stream()
                .filter(m -> m.name().equals("__name__"))
                .findFirst()
                .orElseThrow()
                .value();
    }

    private boolean quoted() {
        return selector.name() == null;
    }

    private List<LabelMatcher> otherMatchers() {
        List<LabelMatcher> out = new ArrayList<>();
        for (LabelMatcher m : selector.matchers()) {
            if (!m.name().equals("__name__")) {
                out.add(m);
            }
        }
        return out;
    }

    /** The number a scalar expression folds to, or {@code null} when it is not one. */
    private static @Nullable Double scalar(PromQlAst ast) throws PromQlException {
        if (ast instanceof PromQlAst.NumberLiteral n) {
            return n.value();
        }
        if (ast instanceof PromQlAst.Paren p) {
            return scalar(p.inner());
        }
        if (ast instanceof PromQlAst.Unary u) {
            Double v = scalar(u.operand());
            return v == null ? null : u.op().equals("-") ? -v : v;
        }
        if (ast instanceof PromQlAst.Binary b && "+-*/%^".contains(b.op()) && b.op().length() == 1) {
            Double l = scalar(b.lhs());
            Double r = scalar(b.rhs());
            return l == null || r == null ? null : PromQuery.Arithmetic.apply(b.op(), l, r);
        }
        return null;
    }

    private static PromQlAst unwrap(PromQlAst ast) {
        while (ast instanceof PromQlAst.Paren p) {
            ast = p.inner();
        }
        return ast;
    }

    private static boolean isComparison(String op) {
        return switch (op) {
            case "==", "!=", ">", "<", ">=", "<=" -> true;
            default -> false;
        };
    }

    private static String flip(String op) {
        return switch (op) {
            case ">" -> "<";
            case "<" -> ">";
            case ">=" -> "<=";
            case "<=" -> ">=";
            default -> op;
        };
    }

    private static Condition condition(String op, double threshold, int pos) throws PromQlException {
        if (!Double.isFinite(threshold)) {
            throw new PromQlException("Vigil compares with a finite number, got " + threshold, pos);
        }
        return switch (op) {
            case ">" -> new Condition.Above(threshold);
            case "<" -> new Condition.Below(threshold);
            case ">=" -> new NagiosRange(threshold, Double.POSITIVE_INFINITY, true);
            case "<=" -> new NagiosRange(Double.NEGATIVE_INFINITY, threshold, true);
            case "==" -> new NagiosRange(threshold, threshold, true);
            case "!=" -> new Condition.Outside(threshold, threshold);
            default -> throw new IllegalStateException("not a comparison: " + op);
        };
    }

    private static PromQlException refused(String construct, int pos) {
        return new PromQlException("PromQL " + construct + " is not supported; " + SUPPORTED, pos);
    }
}
