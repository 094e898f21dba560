package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.List;

/**
 * volumeMounts: keyed by name and, separately, by mountPath, as upstream. A mount is appended when
 * neither exists; identical when what exists is equal; a conflict on whichever key differs.
 */
final class MountRule extends ListRule {
    MountRule() {
        super(Scope.OWN_CONTAINERS, InjectedField.list("volumeMounts", PodPresetSpec::getVolumeMounts), "volumeMounts",
                MergeKeys.NAME, n -> { });
    }

    @Override
    void merge(List<Entry> mounts, Slots slots, Merge merge) {
        ListDraft list = slots.list(slot);
        for (Entry m : mounts) {
            JsonNode byName = list.find(MergeKeys.NAME, m.key());
            Object path = MergeKeys.MOUNT_PATH.apply(m.value());
            JsonNode byPath = list.find(MergeKeys.MOUNT_PATH, path);
            boolean clash = false;
            if (byName != null && !m.sameAs(byName)) {
                merge.conflict("volumeMount \"" + m.key() + "\"", slots);
                clash = true;
            }
            if (byPath != null && !m.sameAs(byPath)) {
                merge.conflict("mount path \"" + path + "\"", slots);
                clash = true;
            }
            if (!clash && byName == null && byPath == null) {
                list.add(m.value(), merge.tx);
            }
        }
    }
}
