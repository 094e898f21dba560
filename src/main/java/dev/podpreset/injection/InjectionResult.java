package dev.podpreset.injection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's answer for one pod.
 *
 * @param applied   presets applied (everything they carry is now in the pod)
 * @param matched   enforced presets whose selectors select the pod, in application order
 * @param skipped   presets left out for a conflict (for REJECTED the last one refused the pod)
 * @param audited   what the audit presets that select the pod would do, in application order
 * @param patch     RFC 6902 add operations against the request object; empty when nothing changes. Read-only:
 *                  its values are the presets' own JSON, shared by every admission (copying them cost half of
 *                  the allocation of an admission); deep-copy it before applying it in place
 * @param rejection why the pod is refused, when {@code outcome} is REJECTED
 */
public record InjectionResult(Outcome outcome, List<PreparedPreset> matched, List<PreparedPreset> applied,
                              List<SkippedPreset> skipped, List<AuditOutcome> audited, ArrayNode patch, String rejection) {

    static InjectionResult untouched(Outcome outcome) {
        return new InjectionResult(outcome, List.of(), List.of(), List.of(), List.of(), JsonNodeFactory.instance.arrayNode(),
                null);
    }

    /** Refused because of {@code conflict}, the last entry of {@code skipped}, after those skipped before it. */
    static InjectionResult rejected(List<PreparedPreset> matched, List<SkippedPreset> skippedBefore, SkippedPreset conflict) {
        String why = conflict.preset().displayName() + (conflict.unresolved().isEmpty()
                ? " (onConflict: Reject) conflicts with the pod on " + String.join(", ", conflict.conflicts())
                : " (onConflict: Reject) cannot be applied: " + conflict.conflict());
        List<SkippedPreset> skipped = new ArrayList<>(skippedBefore);
        skipped.add(conflict);
        return new InjectionResult(Outcome.REJECTED, matched, List.of(), List.copyOf(skipped), List.of(),
                JsonNodeFactory.instance.arrayNode(), why);
    }

    public boolean changesPod() {
        return !patch.isEmpty();
    }
}
