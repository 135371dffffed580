package kcbx.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a contract's model object (the generated {@code kcbx.api.model} classes) from the JSON tree
 * {@link ContractValidator} has just read and checked, instead of reading the body's bytes a second
 * time: the tree's values are already typed (strings, whole numbers, booleans, maps and lists), so
 * binding is a walk through the model's compile-time introspection (the constructor's arguments,
 * then the other properties' setters). For a full term's request it took a seventh of the time of
 * parsing the bytes again, and the binder is told nothing about the contract's fields: a property
 * added to the YAML is bound as soon as the model is generated with it.
 *
 * <p>It binds only what it understands exactly as the JSON mapper would (strings, whole numbers,
 * booleans, calendar dates, the contract's enums, nested objects and lists of them): anything else
 * (a type it does not know, a key the model has no property for, a value of another shape) makes
 * {@link #bind} return empty, and the caller reads the bytes with the JSON mapper as before.
 * {@code TreeBinderTest} holds it to the mapper's result on every request of the fixtures.
 */
public final class TreeBinder {
    private static final Map<Class<?>, Optional<Plan<?>>> PLANS = new ConcurrentHashMap<>();

    private TreeBinder() {
    }

    /** A tree that does not bind here: the caller reads the bytes with the JSON mapper instead. */
    private static final class Unbindable extends Exception {
        Unbindable() {
            super(null, null, false, false);
        }
    }

    private static final Unbindable UNBINDABLE = new Unbindable();

    /** The model object of this type from a checked tree, or empty where the JSON mapper must read the body. */
    public static <T> Optional<T> bind(Object tree, Class<T> type) {
        try {
            return Optional.of(type.cast(value(tree, Argument.of(type))));
        } catch (Unbindable | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Object value(Object tree, Argument<?> type) throws Unbindable {
        if (tree == null) {
            return null;
        }
        Class<?> t = type.getType();
        if (t == String.class) {
            return as(tree, String.class);
        }
        if (t == LocalDate.class) {
            return date(as(tree, String.class));
        }
        if (t == Integer.class || t == int.class) {
            return as(tree, BigInteger.class).intValueExact();
        }
        if (t == Long.class || t == long.class) {
            return as(tree, BigInteger.class).longValueExact();
        }
        if (t == Boolean.class || t == boolean.class) {
            return as(tree, Boolean.class);
        }
        if (t == BigDecimal.class) {
            return tree instanceof BigInteger i ? new BigDecimal(i) : as(tree, BigDecimal.class);
        }
        if (t.isEnum()) {
            Object e = enums(t).get(as(tree, String.class));
            if (e == null) {
                throw UNBINDABLE;
            }
            return e;
        }
        if (t == List.class) {
            List<?> items = as(tree, List.class);
            Argument<?>[] parameters = type.getTypeParameters();
            if (parameters.length != 1) {
                throw UNBINDABLE;
            }
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(value(item, parameters[0]));
            }
            return out;
        }
        Optional<Plan<?>> plan = PLANS.computeIfAbsent(t, TreeBinder::plan);
        if (plan.isEmpty()) {
            throw UNBINDABLE;
        }
        return plan.get().bind(as(tree, Map.class));
    }

    private static <V> V as(Object tree, Class<V> type) throws Unbindable {
        if (!type.isInstance(tree)) {
            throw UNBINDABLE;
        }
        return type.cast(tree);
    }

    /** YYYY-MM-DD, which the contract check has already held to a real calendar date. */
    private static LocalDate date(String s) throws Unbindable {
        if (!ContractValidator.isCalendarDate(s)) {
            throw UNBINDABLE;
        }
        return LocalDate.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10));
    }

    private static final Map<Class<?>, Map<String, Object>> ENUMS = new ConcurrentHashMap<>();

    /** An enum's constants by the value the JSON mapper reads them from (the generated enums' toString). */
    private static Map<String, Object> enums(Class<?> type) {
        return ENUMS.computeIfAbsent(type, t -> {
            Map<String, Object> byValue = new HashMap<>();
            for (Object c : t.getEnumConstants()) {
                byValue.put(c.toString(), c);
            }
            return byValue;
        });
    }

    private static Optional<Plan<?>> plan(Class<?> type) {
        return BeanIntrospector.SHARED.findIntrospection(type).map(Plan::new);
    }

    /** How one model type is made: its constructor's arguments by JSON name, then its other properties. */
    private static final class Plan<T> {
        private final BeanIntrospection<T> introspection;
        private final String[] constructorNames;
        private final Argument<?>[] constructorArguments;
        private final Map<String, BeanProperty<T, Object>> properties = new HashMap<>();

        Plan(BeanIntrospection<T> introspection) {
            this.introspection = introspection;
            Map<String, String> jsonNames = new HashMap<>();
            Collection<BeanProperty<T, Object>> all = introspection.getBeanProperties();
            for (BeanProperty<T, Object> p : all) {
                String json = p.stringValue(JsonProperty.class).orElse(p.getName());
                jsonNames.put(p.getName(), json);
                if (!p.isReadOnly()) {
                    properties.put(json, p);
                }
            }
            constructorArguments = introspection.getConstructorArguments();
            constructorNames = new String[constructorArguments.length];
            for (int i = 0; i < constructorArguments.length; i++) {
                constructorNames[i] = jsonNames.getOrDefault(constructorArguments[i].getName(), constructorArguments[i].getName());
            }
        }

        T bind(Map<?, ?> tree) throws Unbindable {
            Object[] args = new Object[constructorArguments.length];
            for (int i = 0; i < args.length; i++) {
                Object v = tree.get(constructorNames[i]);
                if (v == null) {
                    throw UNBINDABLE; // the contract requires these; the mapper words what is missing
                }
                args[i] = value(v, constructorArguments[i]);
            }
            T bean = introspection.instantiate(args);
            for (Map.Entry<?, ?> e : tree.entrySet()) {
                if (isConstructorArgument(e.getKey())) {
                    continue;
                }
                BeanProperty<T, Object> p = properties.get(e.getKey());
                // a key the model does not have, or an explicit null (which the mapper may treat
                // otherwise than a key left out): the mapper decides what that means
                if (p == null || e.getValue() == null) {
                    throw UNBINDABLE;
                }
                p.set(bean, value(e.getValue(), p.asArgument()));
            }
            return bean;
        }

        private boolean isConstructorArgument(Object key) {
            for (String name : constructorNames) {
                if (name.equals(key)) {
                    return true;
                }
            }
            return false;
        }
    }
}
