package kcbx.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.GroupByDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

/**
 * The gate in front of Drools: every DRL file is parsed here the way Drools parses it, and every
 * piece of code in it (imports, globals, rule attributes and metadata, every pattern constraint,
 * from, accumulate, collect and eval expressions, consequences) is checked against
 * {@link RuleAllowlist} before Drools compiles anything. A file with a refused part never reaches
 * Drools, so nothing in it runs, not even at compile time. DRL functions, type declarations,
 * windows, timers, the MVEL dialect and accumulate code of the rule's own are refused outright:
 * a rule set does not need them, and each is a way to run code the check would have to follow.
 */
final class RuleSandbox {
    /** Rule attributes that only order or group firings; dialect and enabled are checked on their own. */
    private static final Set<String> PLAIN_ATTRIBUTES = Set.of("salience", "no-loop", "lock-on-active", "agenda-group",
            "activation-group", "ruleflow-group", "auto-focus", "date-effective", "date-expires", "enabled", "dialect");

    private final String path;
    private final String text;
    private final List<RulesetProblem> problems = new ArrayList<>();
    private final Set<String> imports = new HashSet<>();
    private final Set<String> packages = new HashSet<>(Set.of("java.lang"));
    private final RuleAllowlist allow = RuleAllowlist.get();
    private final int[] lineStarts;

    private RuleSandbox(String path, String text) {
        this.path = path;
        this.text = text;
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The problems of one DRL file: empty when Drools may compile it. */
    static List<RulesetProblem> check(String path, String text) {
        RuleSandbox s = new RuleSandbox(path, text);
        s.check();
        return List.copyOf(new java.util.LinkedHashSet<>(s.problems));
    }

    private void check() {
        DrlParser parser = new DrlParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, text);
        } catch (DroolsParserException e) {
            problems.add(new RulesetProblem(path, 0, 0, "Unreadable DRL: " + oneLine(e.getMessage())));
            return;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError e : parser.getErrors()) {
                int line = e instanceof ParserError p ? p.getRow() : 0;
                int col = e instanceof ParserError p ? p.getCol() : 0;
                problems.add(new RulesetProblem(path, Math.max(line, 0), Math.max(col, 0), oneLine(e.getMessage())));
            }
            if (problems.isEmpty()) {
                problems.add(new RulesetProblem(path, 0, 0, "Unreadable DRL."));
            }
            return;
        }
        if (pkg.getUnit() != null) {
            refuse(pkg.getUnit(), "The rule unit declaration", "a rule unit");
        }
        for (ImportDescr i : pkg.getImports()) {
            importOf(i);
        }
        pkg.getFunctionImports().forEach(i -> refuse(i, "The file", "the function import " + i.getTarget()));
        pkg.getAccumulateImports().forEach(i -> refuse(i, "The file", "the accumulate function import " + i.getTarget()));
        pkg.getTypeDeclarations().forEach(t -> refuse(t, "The file", "the type declaration " + t.getTypeName()));
        pkg.getEnumDeclarations().forEach(t -> refuse(t, "The file", "the enum declaration " + t.getTypeName()));
        pkg.getEntryPointDeclarations().forEach(d -> refuse(d, "The file", "an entry-point declaration"));
        pkg.getWindowDeclarations().forEach(d -> refuse(d, "The file", "a window declaration"));
        for (FunctionDescr f : pkg.getFunctions()) {
            refuse(f, "The file", "the function declaration " + f.getName()
                    + " (a rule calls the static helpers of the fact types instead)");
        }
        for (AttributeDescr a : pkg.getAttributes()) {
            attribute(a, "The file");
        }
        RuleCodeChecker.Names globals = new RuleCodeChecker.Names(Set.copyOf(imports), Set.copyOf(packages));
        for (GlobalDescr g : pkg.getGlobals()) {
            Optional<Class<?>> type = type(g.getType());
            if (type.isEmpty() || type.get().isPrimitive()) {
                refuse(g, "The file", "the global " + g.getIdentifier() + " of type " + g.getType());
            } else {
                globals.variables.put(g.getIdentifier(), type.get());
            }
        }
        for (RuleDescr r : pkg.getRules()) {
            rule(r, globals.copy());
        }
    }

    private void importOf(ImportDescr i) {
        String target = i.getTarget().strip();
        if (target.endsWith(".*")) {
            String pkg = target.substring(0, target.length() - 2);
            if (RuleAllowlist.wildcardPackage(pkg)) {
                packages.add(pkg);
                return;
            }
        } else if (allow.byQualifiedName(target).isPresent()) {
            imports.add(target);
            return;
        }
        refuse(i, "The file", "the import " + target);
    }

    private Optional<Class<?>> type(String written) {
        String t = written.strip();
        if (t.endsWith("[]")) {
            return type(t.substring(0, t.length() - 2)).map(Class::arrayType);
        }
        if (t.contains(".")) {
            return allow.byQualifiedName(t);
        }
        return allow.bySimpleName(t, packages, imports);
    }

    private void rule(RuleDescr r, RuleCodeChecker.Names names) {
        String owner = (r.isQuery() ? "Query \"" : "Rule \"") + r.getName() + "\"";
        for (AnnotationDescr a : r.getAnnotations()) {
            annotation(a, r, owner);
        }
        for (AttributeDescr a : r.getAttributes().values()) {
            attribute(a, owner);
        }
        if (r instanceof QueryDescr q) {
            String[] params = q.getParameters();
            String[] types = q.getParameterTypes();
            for (int i = 0; params != null && i < params.length; i++) {
                String written = types == null || i >= types.length || types[i] == null ? "Object" : types[i];
                Optional<Class<?>> t = type(written);
                if (t.isEmpty()) {
                    refuse(q, owner, "the parameter type " + written);
                }
                names.variables.put(params[i], t.orElse(null));
            }
        }
        lhs(r.getLhs(), names, owner);
        if (r.getConsequence() instanceof String code && !code.isBlank()) {
            consequence(r, code, names, owner);
        }
        for (Map.Entry<String, Object> named : r.getNamedConsequences().entrySet()) {
            if (named.getValue() instanceof String code) {
                consequence(r, code, names, owner + " (consequence " + named.getKey() + ")");
            }
        }
    }

    /** Metadata values are read by Drools (through MVEL when not plain), so only literals pass. */
    private void annotation(AnnotationDescr a, RuleDescr r, String owner) {
        for (Object v : a.getValueMap().values()) {
            List<Object> values = v instanceof Object[] arr ? List.of(arr) : java.util.Collections.singletonList(v);
            for (Object one : values) {
                String s = one == null ? "" : one.toString().strip();
                if (!(s.matches("\"(?:[^\"\\\\]|\\\\.)*\"") || s.matches("-?[0-9]+(\\.[0-9]+)?") || s.equals("true")
                        || s.equals("false"))) {
                    refuse(a.getLine() > 0 ? a : r, owner, "the metadata value @" + a.getName() + "(" + oneLine(s)
                            + "), which is not a quoted text, a number or true/false");
                }
            }
        }
    }

    private void attribute(AttributeDescr a, String owner) {
        String name = a.getName();
        String value = a.getValue() == null ? "" : a.getValue().strip();
        if (!PLAIN_ATTRIBUTES.contains(name)) {
            refuse(a, owner, "the attribute " + name);
        } else if (name.equals("dialect") && !value.replace("\"", "").equals("java")) {
            refuse(a, owner, "the dialect " + value + " (rules are written in the java dialect)");
        } else if (name.equals("salience") && !value.matches("-?[0-9]+")) {
            refuse(a, owner, "a computed salience (" + oneLine(value) + "); write a whole number");
        } else if (name.equals("enabled") && !value.matches("true|false")) {
            refuse(a, owner, "a computed enabled (" + oneLine(value) + "); write true or false");
        }
    }

    private void lhs(BaseDescr d, RuleCodeChecker.Names names, String owner) {
        if (d == null) {
            return;
        }
        if (d instanceof AndDescr || d instanceof OrDescr || d instanceof NotDescr || d instanceof ExistsDescr
                || d instanceof ForallDescr) {
            for (Object c : ((org.drools.drl.ast.descr.ConditionalElementDescr) d).getDescrs()) {
                lhs((BaseDescr) c, names, owner);
            }
        } else if (d instanceof PatternDescr p) {
            pattern(p, names, owner);
        } else if (d instanceof EvalDescr e) {
            expression(String.valueOf(e.getContent()), e, names, null, owner);
        } else if (d instanceof ConditionalBranchDescr b) {
            expression(String.valueOf(b.getCondition().getContent()), b.getCondition(), names, null, owner);
            if (b.getElseBranch() != null) {
                lhs(b.getElseBranch(), names, owner);
            }
        } else if (!(d instanceof NamedConsequenceDescr)) {
            refuse(d, owner, "the condition element " + d.getClass().getSimpleName().replace("Descr", ""));
        }
    }

    private void pattern(PatternDescr p, RuleCodeChecker.Names names, String owner) {
        String written = p.getObjectType();
        Class<?> type = null;
        if (p.isQuery()) {
            // a call of a query of this rule set: its arguments are checked below like constraints
        } else if (written == null || written.isBlank()) {
            refuse(p, owner, "a pattern without a type (an OOPath)");
            return;
        } else if (p.getSource() instanceof CollectDescr && RuleAllowlist.collectType(written.strip())) {
            type = java.util.Collection.class;
        } else {
            Optional<Class<?>> t = type(written);
            if (t.isEmpty()) {
                refuse(p, owner, "the fact type " + written);
                return;
            }
            type = t.get();
        }
        if (!p.getBehaviors().isEmpty()) {
            refuse(p, owner, "a sliding window (over window:...), which reads the session clock");
        }
        source(p, names, owner);
        if (p.getIdentifier() != null) {
            names.variables.put(p.getIdentifier(), type);
        }
        for (BaseDescr c : p.getDescrs()) {
            if (c instanceof ExprConstraintDescr e) {
                constraint(e, names, type, owner);
            } else if (c instanceof BindingDescr b) {
                binding(b, c, names, type, owner);
            } else {
                refuse(c, owner, "the constraint " + oneLine(String.valueOf(c.getText())));
            }
        }
    }

    private void source(PatternDescr p, RuleCodeChecker.Names names, String owner) {
        var source = p.getSource();
        if (source == null || source instanceof EntryPointDescr) {
            return;
        }
        if (source instanceof FromDescr f) {
            expression(f.getDataSource().getText(), f.getLine() > 0 ? f : p, names, null, owner);
        } else if (source instanceof GroupByDescr g) {
            refuse(g, owner, "groupby");
        } else if (source instanceof AccumulateDescr a) {
            if (a.getInitCode() != null || a.getActionCode() != null || a.getReverseCode() != null
                    || a.getResultCode() != null) {
                refuse(a, owner, "accumulate with init/action/reverse/result code of its own"
                        + " (use a built-in function: " + String.join(", ", new java.util.TreeSet<>(
                        RuleAllowlist.ACCUMULATE_FUNCTIONS)) + ")");
                return;
            }
            lhs(a.getInput(), names, owner);
            for (AccumulateDescr.AccumulateFunctionCallDescr fn : a.getFunctions()) {
                if (!RuleAllowlist.ACCUMULATE_FUNCTIONS.contains(fn.getFunction())) {
                    refuse(a, owner, "the accumulate function " + fn.getFunction());
                    continue;
                }
                for (String param : fn.getParams()) {
                    expression(param, a, names, null, owner);
                }
                if (fn.getBind() != null) {
                    names.variables.put(fn.getBind(), switch (fn.getFunction()) {
                        case "collectList" -> List.class;
                        case "collectSet" -> Set.class;
                        case "count", "countDistinct" -> Long.class;
                        default -> null;
                    });
                }
            }
        } else if (source instanceof CollectDescr c) {
            lhs(c.getInputPattern(), names, owner);
        } else {
            refuse(source, owner, "the pattern source " + source.getClass().getSimpleName().replace("Descr", ""));
        }
    }

    /** A constraint as Drools reads it: relations between atomic expressions and bindings, each checked. */
    private void constraint(ExprConstraintDescr e, RuleCodeChecker.Names names, Class<?> type, String owner) {
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
        ConstraintConnectiveDescr parsed = parser.parse(e.getExpression());
        if (parser.hasErrors() || parsed == null) {
            refuse(e, owner, "the constraint \"" + oneLine(e.getExpression()) + "\", which cannot be read");
            return;
        }
        constraintPart(parsed, e, names, type, owner);
    }

    private void constraintPart(BaseDescr d, ExprConstraintDescr at, RuleCodeChecker.Names names, Class<?> type,
                                String owner) {
        if (d instanceof ConstraintConnectiveDescr c) {
            for (BaseDescr x : c.getDescrs()) {
                constraintPart(x, at, names, type, owner);
            }
        } else if (d instanceof RelationalExprDescr r) {
            constraintPart(r.getLeft(), at, names, type, owner);
            constraintPart(r.getRight(), at, names, type, owner);
        } else if (d instanceof AtomicExprDescr a) {
            if (!a.isLiteral()) {
                expression(a.getExpression(), at, names, type, owner);
            }
        } else if (d instanceof BindingDescr b) {
            binding(b, at, names, type, owner);
        } else {
            refuse(at, owner, "the constraint \"" + oneLine(at.getExpression()) + "\", which cannot be read");
        }
    }

    private void binding(BindingDescr b, BaseDescr at, RuleCodeChecker.Names names, Class<?> type, String owner) {
        Class<?> bound = expression(b.getExpression(), at, names, type, owner);
        names.variables.put(b.getVariable(), bound);
    }

    private Class<?> expression(String code, BaseDescr at, RuleCodeChecker.Names names, Class<?> patternType,
                                String owner) {
        return RuleCodeChecker.expression(code, new RuleCodeChecker.Place(path, owner, Math.max(at.getLine(), 0),
                Math.max(at.getColumn(), 0) + 1), names, patternType, problems);
    }

    private void consequence(RuleDescr r, String code, RuleCodeChecker.Names names, String owner) {
        int line = Math.max(r.getConsequenceLine(), 0);
        int from = line > 0 && line <= lineStarts.length ? lineStarts[line - 1] : 0;
        int at = text.indexOf(code, from);
        if (at >= 0) {
            line = lineOf(at);
        }
        int column = at >= 0 ? at - lineStarts[line - 1] + 1 : 0;
        RuleCodeChecker.consequence(code, new RuleCodeChecker.Place(path, owner, line, column), names, problems);
    }

    private int lineOf(int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private void refuse(BaseDescr at, String owner, String what) {
        problems.add(new RulesetProblem(path, Math.max(at.getLine(), 0), Math.max(at.getColumn(), 0) + (at.getLine() > 0 ? 1 : 0),
                owner + " uses " + what + ", which rule code may not: a rule may only use the fact types of "
                        + RuleAllowlist.FACTS_PACKAGE + ", String, boxed numbers, Math, java.time values without now()"
                        + " and immutable collections."));
    }

    private static String oneLine(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
