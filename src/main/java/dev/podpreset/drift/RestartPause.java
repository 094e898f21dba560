package dev.podpreset.drift;

import java.time.Duration;

/**
 * Restarts for one preset stopped at one of its generations, because a workload restarted for it failed to roll
 * out: nothing more is restarted for the preset until its generation changes. Recorded on the preset as the
 * condition {@code RestartsPaused}, so that a new leader keeps it.
 *
 * @param generation the preset generation it holds for
 * @param rollout    how the rollout failed
 * @param message    which workload, for people
 */
public record RestartPause(String generation, Rollout rollout, String message) {

    /** The pause for a failed rollout of {@code workload}, restarted for {@code generation}. */
    public static RestartPause of(WorkloadRef workload, String generation, Rollout rollout, Duration timeout) {
        String what = workload + ", restarted for generation " + generation + ", ";
        String how = rollout == Rollout.DEADLINE_EXCEEDED ? "exceeded its progress deadline"
                : "was not available within " + timeout + " of its restart";
        return new RestartPause(generation, rollout, what + how
                + "; no workload is restarted for this preset until its generation changes");
    }

    /** Whether it holds for the preset at {@code presetGeneration}. */
    public boolean holdsAt(String presetGeneration) {
        return generation.equals(presetGeneration);
    }
}
