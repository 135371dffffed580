package kcbx.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What rule code may name and call. Everything else is refused when the rule set is compiled.
 * The fact types are every public type of {@code kcbx.facts} (found on the class path, so a fact
 * added there is allowed without touching this list) and the {@code kcbx.*} types their public
 * methods hand out; around them the value types a rule needs: String, boxed numbers, Math,
 * java.time values and immutable collections. A method is allowed when its class is, its name is
 * not one of the few that reach outside the rule (the clock, randomness, reflection), and what it
 * returns is itself allowed, so nothing a rule can reach leads anywhere else.
 */
final class RuleAllowlist {
    static final String FACTS_PACKAGE = "kcbx.facts";

    /** Read the clock, the machine or randomness, or hand out a Class: never callable, on any type. */
    static final Set<String> FORBIDDEN_METHODS = Set.of("getClass", "getDeclaringClass", "forName", "wait", "notify",
            "notifyAll", "now", "systemDefault", "random", "finalize", "parallel", "parallelStream", "describeConstable",
            "resolveConstantDesc");

    /** The only methods of java.util.Collections a rule may call: they build immutable views and values. */
    private static final Set<String> COLLECTIONS_METHODS = Set.of("unmodifiableList", "unmodifiableSet",
            "unmodifiableMap", "unmodifiableCollection", "unmodifiableSortedSet", "unmodifiableSortedMap",
            "unmodifiableNavigableSet", "unmodifiableNavigableMap", "emptyList", "emptySet", "emptyMap", "singleton",
            "singletonList", "singletonMap", "nCopies", "min", "max", "frequency", "disjoint");

    /** Object's methods a rule may call on a value it only knows as Object. */
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

    private static final List<Class<?>> VALUE_TYPES = List.of(
            Object.class, String.class, CharSequence.class, Comparable.class, Iterable.class,
            Number.class, Integer.class, Long.class, Short.class, Byte.class, Double.class, Float.class,
            Boolean.class, Character.class, Math.class, java.math.BigDecimal.class, java.math.BigInteger.class,
            java.math.RoundingMode.class,
            java.time.LocalDate.class, java.time.LocalDateTime.class, java.time.LocalTime.class, java.time.Instant.class,
            java.time.ZonedDateTime.class, java.time.OffsetDateTime.class, java.time.ZoneId.class,
            java.time.ZoneOffset.class, java.time.Year.class, java.time.YearMonth.class, java.time.MonthDay.class,
            java.time.Month.class, java.time.DayOfWeek.class, java.time.Period.class, java.time.Duration.class,
            java.time.temporal.ChronoUnit.class, java.time.temporal.TemporalAdjusters.class,
            java.time.format.DateTimeFormatter.class,
            List.class, Set.class, Map.class, Map.Entry.class, java.util.Collection.class, java.util.Collections.class,
            Optional.class, java.util.Objects.class, java.util.Comparator.class,
            java.util.stream.Stream.class, java.util.stream.IntStream.class, java.util.stream.LongStream.class,
            java.util.stream.Collectors.class);

    /** Facts the engine inserts that live outside kcbx.facts: the profile's school calendar. */
    private static final List<Class<?>> OTHER_FACT_TYPES = List.of(kcbx.calendar.SchoolCalendar.class);

    /** Types a rule may construct with {@code new}: values, and the fact types themselves. */
    private static final Set<Class<?>> CONSTRUCTIBLE_VALUES = Set.of(String.class, java.math.BigDecimal.class,
            java.math.BigInteger.class);

    /** Collections Drools itself fills for {@code from collect}: allowed as a pattern's type only. */
    private static final Set<String> COLLECT_TYPES = Set.of("java.util.List", "java.util.ArrayList",
            "java.util.Collection", "java.util.Set", "java.util.HashSet", "java.util.LinkedList", "List", "ArrayList",
            "Collection", "Set", "HashSet", "LinkedList");

    /** Drools' built-in accumulate functions: they run Drools' own code over the matched values. */
    static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "min", "max", "sum", "average", "collectList",
            "collectSet", "countDistinct", "variance", "standardDeviation");

    private static final RuleAllowlist INSTANCE = new RuleAllowlist();

    private final Set<Class<?>> types;
    private final Set<Class<?>> factTypes;
    private final Map<String, Class<?>> byName = new HashMap<>();
    private final Set<String> anyTypeMethodNames;

    private RuleAllowlist() {
        Set<Class<?>> facts = factClasses();
        facts.addAll(OTHER_FACT_TYPES);
        Set<Class<?>> all = new LinkedHashSet<>(VALUE_TYPES);
        all.addAll(facts);
        // the kcbx types the facts hand out (a calendar's terms, say) are data of the same kind
        Deque<Class<?>> todo = new ArrayDeque<>(facts);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            for (Method m : c.getMethods()) {
                for (Class<?> t : mentioned(m.getGenericReturnType())) {
                    if (t.getName().startsWith("kcbx.") && Modifier.isPublic(t.getModifiers()) && all.add(t)) {
                        todo.push(t);
                    }
                }
            }
        }
        this.types = Set.copyOf(all);
        this.factTypes = Set.copyOf(facts);
        for (Class<?> c : types) {
            byName.put(c.getName(), c);
            byName.put(c.getCanonicalName(), c);
        }
        Set<String> names = new TreeSet<>();
        for (Class<?> c : types) {
            for (Method m : c.getMethods()) {
                if (methodAllowed(c, m)) {
                    names.add(m.getName());
                }
            }
        }
        this.anyTypeMethodNames = Set.copyOf(names);
    }

    static RuleAllowlist get() {
        return INSTANCE;
    }

    boolean allowed(Class<?> type) {
        if (type.isArray()) {
            return allowed(type.getComponentType());
        }
        return type.isPrimitive() || types.contains(type);
    }

    boolean isFactType(Class<?> type) {
        return factTypes.contains(type);
    }

    boolean constructible(Class<?> type) {
        return CONSTRUCTIBLE_VALUES.contains(type) || factTypes.contains(type);
    }

    static boolean collectType(String name) {
        return COLLECT_TYPES.contains(name);
    }

    /** The allowed type of this fully qualified (or canonical, for nested types) name. */
    Optional<Class<?>> byQualifiedName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Allowed types whose simple name is this, in a package the rule can see them from. */
    Optional<Class<?>> bySimpleName(String simple, Set<String> packages, Set<String> imported) {
        for (String fqn : imported) {
            if (fqn.endsWith("." + simple) && byName.containsKey(fqn)) {
                return Optional.of(byName.get(fqn));
            }
        }
        for (String pkg : packages) {
            Class<?> c = byName.get(pkg + "." + simple);
            if (c != null) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Packages whose allowed types a wildcard import may bring in. */
    static boolean wildcardPackage(String pkg) {
        return pkg.equals(FACTS_PACKAGE) || pkg.equals("java.time") || pkg.equals("java.util")
                || pkg.equals("java.lang") || pkg.equals("java.math");
    }

    /** The public methods of {@code type} called {@code name} that a rule may call. */
    List<Method> methods(Class<?> type, String name) {
        if (!allowed(type) || FORBIDDEN_METHODS.contains(name)) {
            return List.of();
        }
        List<Method> out = new java.util.ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && methodAllowed(type, m)) {
                out.add(m);
            }
        }
        if (out.isEmpty() && type.isInterface()) {
            for (Method m : Object.class.getMethods()) {
                if (m.getName().equals(name) && methodAllowed(Object.class, m)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** A method name allowed on some allowed type: the check for a value whose type the checker cannot tell. */
    boolean anyTypeMethod(String name) {
        return anyTypeMethodNames.contains(name);
    }

    /** A public static field of an allowed type whose value is itself allowed (an enum constant, MAX_VALUE). */
    Optional<Field> staticField(Class<?> type, String name) {
        if (!allowed(type) || type.isArray()) {
            return Optional.empty();
        }
        try {
            Field f = type.getField(name);
            return Modifier.isStatic(f.getModifiers()) && allowed(f.getType()) ? Optional.of(f) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    private boolean methodAllowed(Class<?> type, Method m) {
        if (FORBIDDEN_METHODS.contains(m.getName())) {
            return false;
        }
        if (type == java.util.Collections.class && !COLLECTIONS_METHODS.contains(m.getName())) {
            return false;
        }
        if (m.getDeclaringClass() == Object.class && !OBJECT_METHODS.contains(m.getName())) {
            return false;
        }
        Class<?> ret = m.getReturnType();
        return ret == void.class || m.getGenericReturnType() instanceof java.lang.reflect.TypeVariable<?>
                || allowedOrValue(ret);
    }

    private boolean allowedOrValue(Class<?> ret) {
        return ret.isArray() ? allowedOrValue(ret.getComponentType())
                : ret.isPrimitive() || types.contains(ret) || VALUE_TYPES.contains(ret);
    }

    /** Every class a generic type spells out: List&lt;Term&gt; gives List and Term. */
    private static Set<Class<?>> mentioned(Type t) {
        Set<Class<?>> out = new HashSet<>();
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            out.addAll(mentioned(p.getRawType()));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(mentioned(a));
            }
        }
        return out;
    }

    /**
     * Every public type of kcbx.facts (nested ones included), listed from where the fact classes
     * were loaded: a directory, or a jar (read by its entries, as a jar need not list directories).
     */
    private static Set<Class<?>> factClasses() {
        String dir = FACTS_PACKAGE.replace('.', '/');
        ClassLoader loader = RuleAllowlist.class.getClassLoader();
        Set<String> names = new TreeSet<>();
        try {
            for (String entry : CodeSourceFiles.list(kcbx.facts.Flag.class, dir)) {
                if (entry.endsWith(".class") && entry.indexOf('/', dir.length() + 1) < 0) {
                    names.add(entry.substring(0, entry.length() - 6).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the fact types of " + FACTS_PACKAGE, e);
        }
        Set<Class<?>> out = new LinkedHashSet<>();
        for (String name : names) {
            if (name.endsWith("package-info") || name.endsWith("module-info")) {
                continue;
            }
            try {
                Class<?> c = Class.forName(name, false, loader);
                if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic()
                        && publicAllTheWay(c)) {
                    out.add(c);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // a class file we cannot load is not a type a rule can use
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No fact type found in " + FACTS_PACKAGE + " on the class path");
        }
        return out;
    }

    private static boolean publicAllTheWay(Class<?> c) {
        for (Class<?> o = c; o != null; o = o.getEnclosingClass()) {
            if (!Modifier.isPublic(o.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
