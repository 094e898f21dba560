package dev.podpreset.sources;

import dev.podpreset.api.PresetStatus;

/**
 * What the API server has of a preset besides its spec: the object's uid and the status last written to it
 * (null when it has none, or one this version cannot read), as the preset source's informer last saw them.
 */
public record ObservedPreset(String uid, PresetStatus status) {
}
