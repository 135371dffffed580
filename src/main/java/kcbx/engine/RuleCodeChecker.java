package kcbx.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnknownType;
import com.github.javaparser.ast.type.VarType;
import com.github.javaparser.ast.type.WildcardType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one piece of rule code (a constraint, a from/eval/accumulate expression, a consequence)
 * as parsed Java against {@link RuleAllowlist}. It follows the static type of every expression
 * it can (a bound variable has its pattern's type, a call the type its method returns) and checks
 * each call, field, name, {@code new}, cast and type against it; what it cannot place is refused,
 * so anything outside the list is refused whatever way it is spelled.
 */
final class RuleCodeChecker {
    /** The static type of an expression: a value of {@code type} (null: not known), or the class itself. */
    private record T(Class<?> type, boolean isClass) {
        static final T UNKNOWN = new T(null, false);

        static T of(Class<?> c) {
            return new T(c, false);
        }
    }

    /** Where the code stands in its DRL file, for the problems it yields. */
    record Place(String file, String owner, int line, int column) {
    }

    /** What the code can see: bound variables and globals (null type: not known), and the visible types. */
    static final class Names {
        final Map<String, Class<?>> variables = new HashMap<>();
        final Set<String> imports;
        final Set<String> packages;

        Names(Set<String> imports, Set<String> packages) {
            this.imports = imports;
            this.packages = packages;
        }

        Names copy() {
            Names n = new Names(imports, packages);
            n.variables.putAll(variables);
            return n;
        }
    }

    private static final Set<String> HELPER_CALLS = Set.of("insert", "insertLogical", "update", "delete", "retract");

    private final RuleAllowlist allow = RuleAllowlist.get();
    private final List<RulesetProblem> problems;
    private final Place place;
    private final Names names;
    private final Class<?> patternType;
    private final boolean consequence;
    private final Map<String, Class<?>> locals = new HashMap<>();
    private final Set<String> unknownLocals = new java.util.HashSet<>();
    private int lineOffset;
    private int firstLineColumn;

    private RuleCodeChecker(List<RulesetProblem> problems, Place place, Names names, Class<?> patternType,
                            boolean consequence) {
        this.problems = problems;
        this.place = place;
        this.names = names;
        this.patternType = patternType;
        this.consequence = consequence;
    }

    private static JavaParser parser() {
        ParserConfiguration c = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                // javac reads \u0053ystem as System: the check must read what the compiler reads
                .setPreprocessUnicodeEscapes(true)
                .setAttributeComments(false);
        return new JavaParser(c);
    }

    /**
     * A constraint or source expression of a pattern whose objects are {@code patternType} (null
     * outside a pattern): its bare names are that type's properties. Returns the expression's type
     * where it can tell (null otherwise).
     */
    static Class<?> expression(String code, Place place, Names names, Class<?> patternType,
                               List<RulesetProblem> problems) {
        RuleCodeChecker c = new RuleCodeChecker(problems, place, names, patternType, false);
        ParseResult<Expression> r = parser().parseExpression(code);
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            c.refuseText("the expression \"" + shorten(code) + "\", which is not a plain Java expression and so cannot be checked");
            return null;
        }
        c.lineOffset = 0;
        c.firstLineColumn = place.column();
        return c.type(r.getResult().get()).type();
    }

    /** A consequence, checked as a block of Java statements. */
    static void consequence(String code, Place place, Names names, List<RulesetProblem> problems) {
        RuleCodeChecker c = new RuleCodeChecker(problems, place, names, null, true);
        ParseResult<BlockStmt> r = parser().parseBlock("{\n" + code + "\n}");
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            c.refuseText("a consequence that is not plain Java statements (" + r.getProblems().stream().findFirst()
                    .map(p -> p.getMessage().split("\n")[0]).orElse("unreadable") + "), so it cannot be checked");
            return;
        }
        c.lineOffset = -1; // the block starts with the "{" line added above
        c.firstLineColumn = place.column();
        c.statement(r.getResult().get());
    }

    // ---- statements -------------------------------------------------------------------------

    private void statement(Statement s) {
        if (s instanceof BlockStmt b) {
            b.getStatements().forEach(this::statement);
        } else if (s instanceof ExpressionStmt e) {
            type(e.getExpression());
        } else if (s instanceof IfStmt i) {
            type(i.getCondition());
            statement(i.getThenStmt());
            i.getElseStmt().ifPresent(this::statement);
        } else if (s instanceof ForEachStmt f) {
            type(f.getIterable());
            declare(f.getVariable());
            statement(f.getBody());
        } else if (s instanceof ForStmt f) {
            f.getInitialization().forEach(this::type);
            f.getCompare().ifPresent(this::type);
            f.getUpdate().forEach(this::type);
            statement(f.getBody());
        } else if (s instanceof ReturnStmt r) {
            r.getExpression().ifPresent(this::type);
        } else if (!(s instanceof BreakStmt || s instanceof ContinueStmt || s instanceof EmptyStmt)) {
            refuse(s, "a " + kind(s) + " statement (rule code may declare variables, call, assign, branch with"
                    + " if and loop with for)");
        }
    }

    private void declare(VariableDeclarationExpr v) {
        for (VariableDeclarator d : v.getVariables()) {
            Class<?> declared = d.getType() instanceof VarType ? null : resolve(d.getType());
            Class<?> init = d.getInitializer().map(this::type).map(T::type).orElse(null);
            Class<?> t = declared != null ? declared : init;
            locals.put(d.getNameAsString(), t);
            if (t == null) {
                unknownLocals.add(d.getNameAsString());
            }
        }
    }

    // ---- expressions ------------------------------------------------------------------------

    private T type(Expression e) {
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
            return T.of(String.class);
        } else if (e instanceof IntegerLiteralExpr) {
            return T.of(int.class);
        } else if (e instanceof LongLiteralExpr) {
            return T.of(long.class);
        } else if (e instanceof DoubleLiteralExpr) {
            return T.of(double.class);
        } else if (e instanceof CharLiteralExpr) {
            return T.of(char.class);
        } else if (e instanceof BooleanLiteralExpr) {
            return T.of(boolean.class);
        } else if (e instanceof NullLiteralExpr) {
            return T.UNKNOWN;
        } else if (e instanceof NameExpr n) {
            return name(n);
        } else if (e instanceof FieldAccessExpr f) {
            return field(f);
        } else if (e instanceof MethodCallExpr m) {
            return call(m);
        } else if (e instanceof ObjectCreationExpr o) {
            return create(o);
        } else if (e instanceof VariableDeclarationExpr v) {
            declare(v);
            return T.UNKNOWN;
        } else if (e instanceof EnclosedExpr en) {
            return type(en.getInner());
        } else if (e instanceof UnaryExpr u) {
            return type(u.getExpression());
        } else if (e instanceof BinaryExpr b) {
            T l = type(b.getLeft());
            T r = type(b.getRight());
            return switch (b.getOperator()) {
                case PLUS -> l.type() == String.class || r.type() == String.class ? T.of(String.class) : T.UNKNOWN;
                case EQUALS, NOT_EQUALS, LESS, LESS_EQUALS, GREATER, GREATER_EQUALS, AND, OR -> T.of(boolean.class);
                default -> T.UNKNOWN;
            };
        } else if (e instanceof ConditionalExpr c) {
            type(c.getCondition());
            T a = type(c.getThenExpr());
            T b = type(c.getElseExpr());
            return a.type() != null && a.type() == b.type() ? a : T.UNKNOWN;
        } else if (e instanceof AssignExpr a) {
            type(a.getTarget());
            return type(a.getValue());
        } else if (e instanceof CastExpr c) {
            type(c.getExpression());
            Class<?> t = resolve(c.getType());
            return t == null ? T.UNKNOWN : T.of(t);
        } else if (e instanceof InstanceOfExpr i) {
            type(i.getExpression());
            resolve(i.getType());
            i.getPattern().ifPresent(p -> refuse(p, "a pattern in instanceof"));
            return T.of(boolean.class);
        } else if (e instanceof ArrayAccessExpr a) {
            T arr = type(a.getName());
            type(a.getIndex());
            return arr.type() != null && arr.type().isArray() ? T.of(arr.type().getComponentType()) : T.UNKNOWN;
        } else if (e instanceof ArrayCreationExpr a) {
            resolve(a.getElementType());
            a.getLevels().forEach(l -> l.getDimension().ifPresent(this::type));
            a.getInitializer().ifPresent(this::type);
            return T.UNKNOWN;
        } else if (e instanceof ArrayInitializerExpr a) {
            a.getValues().forEach(this::type);
            return T.UNKNOWN;
        } else if (e instanceof LambdaExpr l) {
            return lambda(l);
        } else if (e instanceof MethodReferenceExpr r) {
            return reference(r);
        } else if (e instanceof ThisExpr && !consequence && patternType != null) {
            return T.of(patternType);
        } else if (e instanceof ClassExpr c) {
            refuse(c, "the class literal " + c);
            return T.UNKNOWN;
        }
        refuse(e, "the expression \"" + shorten(e.toString()) + "\" (" + kind(e) + ")");
        return T.UNKNOWN;
    }

    private T lambda(LambdaExpr l) {
        Map<String, Class<?>> saved = new HashMap<>(locals);
        Set<String> savedUnknown = new java.util.HashSet<>(unknownLocals);
        for (Parameter p : l.getParameters()) {
            Class<?> t = p.getType() instanceof UnknownType || p.getType() instanceof VarType ? null : resolve(p.getType());
            locals.put(p.getNameAsString(), t);
            if (t == null) {
                unknownLocals.add(p.getNameAsString());
            }
        }
        statement(l.getBody());
        locals.clear();
        locals.putAll(saved);
        unknownLocals.clear();
        unknownLocals.addAll(savedUnknown);
        return T.UNKNOWN;
    }

    private T reference(MethodReferenceExpr r) {
        String id = r.getIdentifier();
        T scope = r.getScope() instanceof TypeExpr te ? classOf(te.getType(), r) : scopeOf(r.getScope(), id);
        if (scope == null) {
            return T.UNKNOWN;
        }
        if (id.equals("new")) {
            if (scope.type() == null || !allow.constructible(scope.type())) {
                refuse(r, "the constructor reference " + r);
            }
        } else if (scope.type() != null ? allow.methods(scope.type(), id).isEmpty() : !allow.anyTypeMethod(id)) {
            refuse(r, "the method reference " + r);
        }
        return T.UNKNOWN;
    }

    private T classOf(Type t, Node at) {
        Class<?> c = resolve(t);
        return c == null ? null : new T(c, true);
    }

    /** A bare name: a local, a bound variable or global, a property of the pattern, or an allowed class. */
    private T name(NameExpr n) {
        String id = n.getNameAsString();
        if (locals.containsKey(id)) {
            return unknownLocals.contains(id) ? T.UNKNOWN : T.of(locals.get(id));
        }
        if (id.equals("drools")) {
            if (!consequence || !passedToFactHelper(n)) {
                refuse(n, "the name drools other than as the first argument of a fact type's helper (Flag.raise(drools, ...))");
            }
            return T.UNKNOWN;
        }
        if (names.variables.containsKey(id)) {
            return T.of(names.variables.get(id));
        }
        Optional<Class<?>> c = typeNamed(id);
        if (c.isPresent()) {
            return new T(c.get(), true);
        }
        if (!consequence && patternType != null) {
            Optional<T> prop = property(T.of(patternType), id);
            if (prop.isPresent()) {
                return prop.get();
            }
        }
        refuse(n, "the name " + id + " (not a bound variable, a property of the fact, or an allowed class)");
        return T.UNKNOWN;
    }

    private boolean passedToFactHelper(NameExpr n) {
        if (n.getParentNode().orElse(null) instanceof MethodCallExpr m && m.getArguments().contains(n)
                && m.getScope().isPresent()) {
            T scope = quietClass(m.getScope().get());
            return scope != null && scope.isClass() && allow.isFactType(scope.type());
        }
        return false;
    }

    /** The class a scope names (Flag, kcbx.facts.Flag), without reporting anything. */
    private T quietClass(Expression scope) {
        String dotted = dotted(scope);
        if (dotted == null || locals.containsKey(dotted) || names.variables.containsKey(dotted)) {
            return null;
        }
        Optional<Class<?>> c = dotted.contains(".") ? allow.byQualifiedName(dotted) : typeNamed(dotted);
        return c.map(x -> new T(x, true)).orElse(null);
    }

    /**
     * The scope of a member access: an expression, or a (qualified) class name. A name chain that
     * does not start with a variable is read as a class name; one that names no allowed class is
     * refused together with the member, so java.lang.System.exit is named as such.
     */
    private T scopeOf(Expression scope, String member) {
        String dotted = dotted(scope);
        if (dotted != null) {
            String head = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
            boolean variable = locals.containsKey(head) || names.variables.containsKey(head) || head.equals("drools")
                    || (!consequence && patternType != null && property(T.of(patternType), head).isPresent())
                    || typeNamed(head).isPresent();
            if (!variable) {
                // a package name: the longest prefix that is an allowed class, the rest its static fields
                String[] parts = dotted.split("\\.");
                for (int i = parts.length; i > 0; i--) {
                    String prefix = String.join(".", java.util.Arrays.copyOfRange(parts, 0, i));
                    Optional<Class<?>> c = allow.byQualifiedName(prefix);
                    if (c.isPresent()) {
                        T t = new T(c.get(), true);
                        for (int j = i; j < parts.length && t != null; j++) {
                            t = staticMember(t, parts[j], scope, dotted);
                        }
                        return t;
                    }
                }
                refuse(scope, dotted + "." + member);
                return null;
            }
        }
        return type(scope);
    }

    private T staticMember(T owner, String name, Node at, String spelled) {
        Optional<Class<?>> nested = allow.byQualifiedName(owner.type().getName() + "$" + name);
        if (nested.isPresent()) {
            return new T(nested.get(), true);
        }
        Optional<Field> f = allow.staticField(owner.type(), name);
        if (f.isEmpty()) {
            refuse(at, "the static field " + spelled);
            return null;
        }
        return T.of(f.get().getType());
    }

    private T field(FieldAccessExpr f) {
        String name = f.getNameAsString();
        T scope = scopeOf(f.getScope(), name);
        if (scope == null) {
            return T.UNKNOWN;
        }
        if (scope.isClass()) {
            T t = staticMember(scope, name, f, scope.type().getSimpleName() + "." + name);
            return t == null ? T.UNKNOWN : t;
        }
        Optional<T> prop = property(scope, name);
        if (prop.isEmpty()) {
            refuse(f, "the property " + name + (scope.type() == null ? "" : " of " + scope.type().getSimpleName()));
            return T.UNKNOWN;
        }
        return prop.get();
    }

    /** name as a property of a value: a public field, a getter (getX/isX) or a method x(), read as MVEL does. */
    private Optional<T> property(T scope, String name) {
        if (name.isEmpty() || name.equals("class")) {
            return Optional.empty();
        }
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Class<?> c = scope.type();
        if (c == null) {
            boolean known = name.equals("length") || allow.anyTypeMethod("get" + cap) || allow.anyTypeMethod("is" + cap)
                    || allow.anyTypeMethod(name);
            return known ? Optional.of(T.UNKNOWN) : Optional.empty();
        }
        if (c.isArray() && name.equals("length")) {
            return Optional.of(T.of(int.class));
        }
        try {
            Field fld = c.getField(name);
            if (!Modifier.isStatic(fld.getModifiers()) && allow.allowed(c) && allow.allowed(fld.getType())) {
                return Optional.of(T.of(fld.getType()));
            }
        } catch (NoSuchFieldException e) {
            // not a field: a getter, below
        }
        for (String m : List.of("get" + cap, "is" + cap, name)) {
            for (Method method : allow.methods(c, m)) {
                if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())) {
                    return Optional.of(returned(List.of(method)));
                }
            }
        }
        return Optional.empty();
    }

    private T call(MethodCallExpr m) {
        String name = m.getNameAsString();
        if (m.getScope().isEmpty()) {
            m.getArguments().forEach(this::type);
            if (consequence && HELPER_CALLS.contains(name)) {
                return T.UNKNOWN;
            }
            if (!consequence && patternType != null) {
                List<Method> ms = allow.methods(patternType, name);
                if (!ms.isEmpty()) {
                    return returned(ms, m.getArguments().size());
                }
            }
            refuse(m, "the call " + name + "(...)");
            return T.UNKNOWN;
        }
        T scope = scopeOf(m.getScope().get(), name);
        m.getArguments().forEach(this::type);
        if (scope == null) {
            return T.UNKNOWN;
        }
        if (scope.type() == null) {
            if (!allow.anyTypeMethod(name)) {
                refuse(m, "the call ." + name + "(...)");
            }
            return T.UNKNOWN;
        }
        List<Method> ms = allow.methods(scope.type(), name).stream()
                .filter(x -> !scope.isClass() || Modifier.isStatic(x.getModifiers())).toList();
        if (ms.isEmpty()) {
            refuse(m, "the call " + (scope.isClass() ? scope.type().getSimpleName() + "." + name
                    : name + "(...) on " + scope.type().getSimpleName()) + (scope.isClass() ? "(...)" : ""));
            return T.UNKNOWN;
        }
        return returned(ms, m.getArguments().size());
    }

    private T returned(List<Method> ms, int args) {
        List<Method> fitting = ms.stream().filter(x -> x.getParameterCount() == args || x.isVarArgs()).toList();
        return returned(fitting.isEmpty() ? ms : fitting);
    }

    /** The type the candidates return, when they agree and it is not a type variable. */
    private static T returned(List<Method> ms) {
        Class<?> t = null;
        for (Method x : ms) {
            if (x.getGenericReturnType() instanceof java.lang.reflect.TypeVariable<?>) {
                return T.UNKNOWN;
            }
            if (t != null && t != x.getReturnType()) {
                return T.UNKNOWN;
            }
            t = x.getReturnType();
        }
        return t == null || t == Object.class ? T.UNKNOWN : T.of(t);
    }

    private T create(ObjectCreationExpr o) {
        o.getScope().ifPresent(s -> refuse(s, "new of an inner class"));
        Class<?> c = resolve(o.getType());
        o.getArguments().forEach(this::type);
        if (o.getAnonymousClassBody().isPresent()) {
            refuse(o, "an anonymous class (new " + o.getType() + " {...})");
            return T.UNKNOWN;
        }
        if (c != null && !allow.constructible(c)) {
            refuse(o, "new " + o.getType());
            return T.UNKNOWN;
        }
        return c == null ? T.UNKNOWN : T.of(c);
    }

    // ---- types ------------------------------------------------------------------------------

    /** The allowed class a written type names, or null (refused) when it names none. */
    private Class<?> resolve(Type t) {
        if (t instanceof PrimitiveType p) {
            return switch (p.getType()) {
                case BOOLEAN -> boolean.class;
                case CHAR -> char.class;
                case BYTE -> byte.class;
                case SHORT -> short.class;
                case INT -> int.class;
                case LONG -> long.class;
                case FLOAT -> float.class;
                case DOUBLE -> double.class;
            };
        }
        if (t instanceof ArrayType a) {
            Class<?> c = resolve(a.getComponentType());
            return c == null ? null : c.arrayType();
        }
        if (t instanceof WildcardType w) {
            w.getExtendedType().ifPresent(this::resolve);
            w.getSuperType().ifPresent(this::resolve);
            return null;
        }
        if (t instanceof ClassOrInterfaceType c) {
            c.getTypeArguments().ifPresent(args -> args.forEach(this::resolve));
            String name = c.getNameWithScope();
            Optional<Class<?>> found = name.contains(".") ? allow.byQualifiedName(name).or(() -> nestedType(name))
                    : typeNamed(name);
            if (found.isEmpty()) {
                refuse(t, "the type " + name);
                return null;
            }
            return found.get();
        }
        if (t instanceof VarType || t instanceof UnknownType) {
            return null;
        }
        refuse(t, "the type " + t);
        return null;
    }

    /** Map.Entry written with its outer class's simple name. */
    private Optional<Class<?>> nestedType(String name) {
        int dot = name.indexOf('.');
        return typeNamed(name.substring(0, dot)).flatMap(outer ->
                allow.byQualifiedName(outer.getName() + "$" + name.substring(dot + 1).replace('.', '$')));
    }

    private Optional<Class<?>> typeNamed(String simple) {
        if (simple.isEmpty() || !Character.isUpperCase(simple.charAt(0))) {
            return Optional.empty();
        }
        return allow.bySimpleName(simple, names.packages, names.imports);
    }

    /** "a.b.c" for a chain of plain names, else null. */
    private static String dotted(Expression e) {
        if (e instanceof NameExpr n) {
            return n.getNameAsString();
        }
        if (e instanceof FieldAccessExpr f) {
            String s = dotted(f.getScope());
            return s == null ? null : s + "." + f.getNameAsString();
        }
        return null;
    }

    // ---- problems ---------------------------------------------------------------------------

    private void refuse(Node at, String what) {
        int line = place.line();
        int column = place.column();
        if (at.getBegin().isPresent() && place.line() > 0) {
            var pos = at.getBegin().get();
            int rel = pos.line + lineOffset;
            line = place.line() + Math.max(rel - 1, 0);
            column = rel <= 1 ? firstLineColumn + pos.column - 1 : pos.column;
        }
        problems.add(new RulesetProblem(place.file(), line, Math.max(column, 0), message(what)));
    }

    private void refuseText(String what) {
        problems.add(new RulesetProblem(place.file(), place.line(), place.column(), message(what)));
    }

    private String message(String what) {
        return place.owner() + " uses " + what + ", which rule code may not: a rule may only use the fact types of "
                + RuleAllowlist.FACTS_PACKAGE + ", String, boxed numbers, Math, java.time values without now() and"
                + " immutable collections.";
    }

    private static String kind(Node n) {
        return n.getClass().getSimpleName().replaceAll("(Stmt|Expr)$", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static String shorten(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }
}
