package dev.vigil.alerts.rulefile;

import dev.vigil.alerts.label.LabelMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads PromQL's grammar (operators and their precedence, selectors, ranges, calls, aggregations,
 * modifiers) into a {@link PromQlAst}. What Vigil evaluates is decided afterwards by
 * {@link PromQlTranslator}; this parser only refuses what is not PromQL at all.
 */
final class PromQlParser {

    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Set<String> MODIFIERS = Set.of("bool", "on", "ignoring", "group_left", "group_right");

    private final String text;
    private int pos;

    private PromQlParser(String text) {
        this.text = text;
    }

    static PromQlAst parse(String text) throws PromQlException {
        PromQlParser p = new PromQlParser(text);
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw new PromQlException("the expression is empty", 0);
        }
        PromQlAst ast = p.expr(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new PromQlException("unexpected '" + p.peekWord() + "' after a complete expression", p.pos);
        }
        return ast;
    }

    // ------------------------------------------------------------------ operators

    private static int precedence(String op) {
        return switch (op) {
            case "or" -> 1;
            case "and", "unless" -> 2;
            case "==", "!=", ">", "<", ">=", "<=" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%", "atan2" -> 5;
            case "^" -> 6;
            default -> -1;
        };
    }

    private PromQlAst expr(int minPrec) throws PromQlException {
        PromQlAst lhs = unary();
        while (true) {
            skipSpace();
            int at = pos;
            String op = peekOperator();
            int prec = op == null ? -1 : precedence(op);
            if (prec < 0 || prec < minPrec) {
                return lhs;
            }
            pos += op.length();
            String modifier = modifiers();
            // '^' is right-associative, the rest left-associative
            PromQlAst rhs = expr(op.equals("^") ? prec : prec + 1);
            lhs = new PromQlAst.Binary(op, lhs, rhs, modifier, at);
        }
    }

    private String modifiers() throws PromQlException {
        String first = null;
        while (true) {
            skipSpace();
            String word = peekIdentifier();
            if (word == null || !MODIFIERS.contains(word)) {
                return first;
            }
            first = first == null ? word : first;
            pos += word.length();
            skipSpace();
            if (!word.equals("bool") && peek() == '(') {
                skipBalanced('(', ')');
            }
        }
    }

    private @Nullable String peekOperator() {
        if (pos >= text.length()) {
            return null;
        }
        for (String op : List.of("==", "!=", ">=", "<=", ">", "<", "+", "-", "*", "/", "%", "^")) {
            if (text.startsWith(op, pos)) {
                return op;
            }
        }
        String word = peekIdentifier();
        return word != null && Set.of("and", "or", "unless", "atan2").contains(word) ? word : null;
    }

    private PromQlAst unary() throws PromQlException {
        skipSpace();
        int at = pos;
        char c = peek();
        if (c == '-' || c == '+') {
            pos++;
            // PromQL binds '^' tighter than a sign: -2^2 is -4
            return new PromQlAst.Unary(String.valueOf(c), expr(6), at);
        }
        return postfix(primary());
    }

    private PromQlAst postfix(PromQlAst inner) throws PromQlException {
        while (true) {
            skipSpace();
            int at = pos;
            if (peek() == '[') {
                pos++;
                skipSpace();
                int durationAt = pos;
                String first = durationText();
                skipSpace();
                if (peek() == ':') {
                    skipBalancedRest(']');
                    return new PromQlAst.Refused("subquery [" + first + ":...]", at);
                }
                expect(']');
                Duration range = duration(first, durationAt);
                if (!(inner instanceof PromQlAst.Selector)) {
                    throw new PromQlException("a range [" + first + "] follows a selector only", at);
                }
                inner = new PromQlAst.Range(inner, range, at);
                continue;
            }
            String word = peekIdentifier();
            if ("offset".equals(word)) {
                pos += word.length();
                skipSpace();
                if (peek() == '-') {
                    pos++;
                }
                durationText();
                return new PromQlAst.Refused("offset modifier", at);
            }
            if (peek() == '@') {
                pos++;
                skipSpace();
                while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != ')') {
                    pos++;
                }
                return new PromQlAst.Refused("@ modifier", at);
            }
            return inner;
        }
    }

    private PromQlAst primary() throws PromQlException {
        skipSpace();
        int at = pos;
        if (pos >= text.length()) {
            throw new PromQlException("the expression ends where an operand was expected", at);
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            PromQlAst inner = expr(0);
            skipSpace();
            expect(')');
            return new PromQlAst.Paren(inner, at);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return new PromQlAst.Text(string(), at);
        }
        if (c == '{') {
            return new PromQlAst.Selector(null, matchers(), at);
        }
        if (Character.isDigit(c) || c == '.') {
            return new PromQlAst.NumberLiteral(number(), at);
        }
        String word = peekIdentifier();
        if (word == null) {
            throw new PromQlException("unexpected character '" + c + "'", at);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            pos += word.length();
            return new PromQlAst.NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, at);
        }
        pos += word.length();
        skipSpace();
        if (AGGREGATIONS.contains(word)
                && (peek() == '(' || "by".equals(peekIdentifier()) || "without".equals(peekIdentifier()))) {
            skipAggregation();
            return new PromQlAst.Aggregation(word, at);
        }
        if (peek() == '(') {
            pos++;
            List<PromQlAst> args = new ArrayList<>();
            skipSpace();
            if (peek() != ')') {
                while (true) {
                    args.add(expr(0));
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    break;
                }
            }
            expect(')');
            return new PromQlAst.Call(word, args, at);
        }
        List<LabelMatcher> matchers = peek() == '{' ? matchers() : List.of();
        return new PromQlAst.Selector(word, matchers, at);
    }

    private void skipAggregation() throws PromQlException {
        for (int parts = 0; parts < 3; parts++) {
            skipSpace();
            String word = peekIdentifier();
            if ("by".equals(word) || "without".equals(word)) {
                pos += word.length();
                skipSpace();
            }
            if (peek() == '(') {
                skipBalanced('(', ')');
            } else {
                return;
            }
        }
    }

    private List<LabelMatcher> matchers() throws PromQlException {
        expect('{');
        List<LabelMatcher> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            int at = pos;
            boolean quoted = peek() == '"';
            String label = quoted ? string() : peekIdentifier();
            if (label == null) {
                throw new PromQlException("a label name was expected in the selector", at);
            }
            if (!quoted) {
                pos += label.length();
            }
            skipSpace();
            LabelMatcher.Op op;
            if (text.startsWith("=~", pos)) {
                op = LabelMatcher.Op.REGEX;
            } else if (text.startsWith("!~", pos)) {
                op = LabelMatcher.Op.NOT_REGEX;
            } else if (text.startsWith("!=", pos)) {
                op = LabelMatcher.Op.NOT_EQUAL;
            } else if (text.startsWith("=", pos)) {
                op = LabelMatcher.Op.EQUAL;
            } else {
                throw new PromQlException("a matcher operator (=, !=, =~, !~) was expected after '" + label + "'", pos);
            }
            pos += op == LabelMatcher.Op.EQUAL ? 1 : 2;
            skipSpace();
            int valueAt = pos;
            char q = peek();
            if (q != '"' && q != '\'' && q != '`') {
                throw new PromQlException("a quoted label value was expected after '" + label + op.symbol() + "'", pos);
            }
            String value = string();
            try {
                out.add(new LabelMatcher(label, op, value));
            } catch (IllegalArgumentException e) {
                throw new PromQlException(e.getMessage(), valueAt);
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw new PromQlException("',' or '}' was expected in the selector", pos);
            }
        }
    }

    // ------------------------------------------------------------------ lexical

    private String string() throws PromQlException {
        int at = pos;
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote != '`' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e; // \\, \", \' and the regex escapes Go keeps as written
                        });
                if (e != '\\' && e != '"' && e != '\'' && e != 'n' && e != 't' && e != 'r') {
                    sb.insert(sb.length() - 1, '\\');
                }
                continue;
            }
            sb.append(c);
        }
        throw new PromQlException("the string starting here is not closed", at);
    }

    private double number() throws PromQlException {
        int at = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            int start = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == start || pos - start > 15) {
                throw new PromQlException("'" + text.substring(at, pos) + "' is not a number", at);
            }
            return Long.parseLong(text.substring(start, pos), 16);
        }
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = mark;
            }
        }
        if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            throw new PromQlException(
                    "'" + text.substring(at, pos)
                            + "' is not a number (a duration is written only inside [...] of a range)",
                    at);
        }
        try {
            return Double.parseDouble(text.substring(at, pos));
        } catch (NumberFormatException e) {
            throw new PromQlException("'" + text.substring(at, pos) + "' is not a number", at);
        }
    }

    private String durationText() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static Duration duration(String text, int at) throws PromQlException {
        try {
            Duration d = PromDurations.parse(text);
            if (d.isZero()) {
                throw new PromQlException("a range must be longer than 0s, got '" + text + "'", at);
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new PromQlException(e.getMessage(), at);
        }
    }

    private @Nullable String peekIdentifier() {
        if (pos >= text.length()) {
            return null;
        }
        char c = text.charAt(pos);
        if (!(Character.isLetter(c) || c == '_' || c == ':')) {
            return null;
        }
        int end = pos + 1;
        while (end < text.length()
                && (Character.isLetterOrDigit(text.charAt(end))
                        || text.charAt(end) == '_'
                        || text.charAt(end) == ':')) {
            end++;
        }
        return text.substring(pos, end);
    }

    private String peekWord() {
        String w = peekIdentifier();
        return w != null ? w : String.valueOf(text.charAt(pos));
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) throws PromQlException {
        skipSpace();
        if (peek() != c) {
            throw new PromQlException(
                    "'" + c + "' was expected"
                            + (pos < text.length() ? ", found '" + text.charAt(pos) + "'" : " before the end"),
                    pos);
        }
        pos++;
    }

    private void skipBalanced(char open, char close) throws PromQlException {
        int at = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
        throw new PromQlException("'" + open + "' is not closed", at);
    }

    private void skipBalancedRest(char close) throws PromQlException {
        int at = pos;
        while (pos < text.length()) {
            if (text.charAt(pos++) == close) {
                return;
            }
        }
        throw new PromQlException("'" + close + "' was expected before the end", at);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') { // a comment runs to the end of the line
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }
}
