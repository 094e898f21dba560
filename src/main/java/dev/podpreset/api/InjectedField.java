package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A field of {@link PodPresetSpec} that puts something into pods, read from a spec. The injection engine's
 * merge rules declare one each ({@code dev.podpreset.injection.MergeRules}); the validator's rule that a preset
 * sets at least one of them, and its CEL twin on the CRD, are derived from that list.
 *
 * @param name  the JSON name in the spec
 * @param kind  a list or map counts as set only when it is not empty; a value when it is present
 * @param value reads the field from a spec
 * @param <T>   the field's Java type
 */
public record InjectedField<T>(String name, Kind kind, Function<PodPresetSpec, T> value) {
    /** What makes a field count as set. */
    public enum Kind { LIST, MAP, VALUE }

    private static final List<String> SPEC_ORDER = List.of(PodPresetSpec.class.getAnnotation(JsonPropertyOrder.class).value());

    public static <T extends List<?>> InjectedField<T> list(String name, Function<PodPresetSpec, T> value) {
        return new InjectedField<>(name, Kind.LIST, value);
    }

    public static <T extends Map<?, ?>> InjectedField<T> map(String name, Function<PodPresetSpec, T> value) {
        return new InjectedField<>(name, Kind.MAP, value);
    }

    public static <T> InjectedField<T> value(String name, Function<PodPresetSpec, T> value) {
        return new InjectedField<>(name, Kind.VALUE, value);
    }

    /** Whether {@code spec} sets this field: present, and for a list or map not empty. */
    public boolean setIn(PodPresetSpec spec) {
        T v = value.apply(spec);
        return v != null && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty());
    }

    /** The same test in CEL, over {@code self} being the spec. */
    public String cel() {
        return kind == Kind.VALUE ? "has(self." + name + ")"
                : "(has(self." + name + ") && size(self." + name + ") > 0)";
    }

    /** The fields in the order the spec declares them, which is the order messages name them in. */
    public static List<InjectedField<?>> inSpecOrder(Collection<InjectedField<?>> fields) {
        return fields.stream().sorted(Comparator.comparingInt(f -> specPosition(f.name()))).toList();
    }

    /** "must specify at least one of env, envFrom, ...": the violation of a spec that sets none of {@code fields}. */
    public static String noneSetMessage(Collection<InjectedField<?>> fields) {
        return "must specify at least one of " + inSpecOrder(fields).stream().map(InjectedField::name)
                .collect(Collectors.joining(", "));
    }

    /** The CEL rule on the spec that holds when it sets at least one of {@code fields}. */
    public static String anySetRule(Collection<InjectedField<?>> fields) {
        return inSpecOrder(fields).stream().map(InjectedField::cel).collect(Collectors.joining(" || "));
    }

    private static int specPosition(String name) {
        int i = SPEC_ORDER.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name + " is not in PodPresetSpec's @JsonPropertyOrder "
                    + Arrays.toString(SPEC_ORDER.toArray()));
        }
        return i;
    }
}
