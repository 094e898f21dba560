package dev.podpreset.admission;

import dev.podpreset.injection.SkippedPreset;

/**
 * Tells the platform team about a conflict where a person may never see the admission warning (pods
 * created by controllers). Implementations must not block or fail the admission.
 */
public interface ConflictReporter {
    void report(SkippedPreset conflict, String pod);
}
