package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * Running pods a preset selects, by what admission did with them (for an audit preset: what it recorded that the
 * preset would do). Counted: pods that exist now, are not terminating, not Succeeded or Failed, in namespaces the
 * webhook serves, selected by the preset.
 */
@JsonPropertyOrder({"matched", "current", "stale", "conflicting", "missing", "wouldApply", "wouldConflict"})
public class PresetPodCounts {
    @JsonPropertyDescription("Running pods the webhook serves that this preset selects (namespaceSelector included).")
    private long matched;
    @JsonPropertyDescription("Pods that carry the applied annotation at the current generation.")
    private long current;
    @JsonPropertyDescription("Pods admitted against an older generation of this preset.")
    private long stale;
    @JsonPropertyDescription("Pods that carry the skipped annotation at the current generation: a conflict kept it out.")
    private long conflicting;
    @JsonPropertyDescription("Pods that carry neither annotation: admission never applied this preset. For an audit"
            + " preset, pods that record no outcome at the current generation.")
    private long missing;
    @JsonPropertyDescription("Audit presets only: pods that record at the current generation that this preset would apply.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Long wouldApply;
    @JsonPropertyDescription("Audit presets only: pods that record at the current generation that this preset would"
            + " conflict (the conflict is in the pod's annotation podpreset.dev/audit-<kind>-<name>).")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private Long wouldConflict;

    public PresetPodCounts() {
    }

    public PresetPodCounts(long matched, long current, long stale, long conflicting, long missing) {
        this.matched = matched;
        this.current = current;
        this.stale = stale;
        this.conflicting = conflicting;
        this.missing = missing;
    }

    public long getMatched() { return matched; }
    public void setMatched(long matched) { this.matched = matched; }
    public long getCurrent() { return current; }
    public void setCurrent(long current) { this.current = current; }
    public long getStale() { return stale; }
    public void setStale(long stale) { this.stale = stale; }
    public long getConflicting() { return conflicting; }
    public void setConflicting(long conflicting) { this.conflicting = conflicting; }
    public long getMissing() { return missing; }
    public void setMissing(long missing) { this.missing = missing; }
    public Long getWouldApply() { return wouldApply; }
    public void setWouldApply(Long wouldApply) { this.wouldApply = wouldApply; }
    public Long getWouldConflict() { return wouldConflict; }
    public void setWouldConflict(Long wouldConflict) { this.wouldConflict = wouldConflict; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresetPodCounts c && matched == c.matched && current == c.current && stale == c.stale
                && conflicting == c.conflicting && missing == c.missing && Objects.equals(wouldApply, c.wouldApply)
                && Objects.equals(wouldConflict, c.wouldConflict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matched, current, stale, conflicting, missing, wouldApply, wouldConflict);
    }

    @Override
    public String toString() {
        return "matched=" + matched + " current=" + current + " stale=" + stale + " conflicting=" + conflicting
                + " missing=" + missing + (wouldApply == null ? "" : " wouldApply=" + wouldApply + " wouldConflict=" + wouldConflict);
    }
}
