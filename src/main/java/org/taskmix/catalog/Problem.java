package org.taskmix.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Everything taskmix needs for one curation decision: the catalog of training tasks, one or
 * more weighted downstream targets, and settings.
 *
 * @param name        short name
 * @param description free text (how the problem was made, the reading of the paper chosen)
 * @param catalog     training tasks
 * @param targets     targets; at least one, all of the catalog's dimension
 * @param settings    prompt lengths and CoT lengths
 * @param source      where it came from (a file path or "built-in"), for provenance
 */
public record Problem(String name, String description, Catalog catalog, List<Target> targets,
                      Settings settings, String source) {

    public Problem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(settings, "settings");
        description = description == null ? "" : description;
        source = source == null ? "api" : source;
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("target: a problem needs at least one target");
        }
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).dim() != catalog.dim()) {
                throw new IllegalArgumentException("targets[" + i + "]: covariance is " + targets.get(i).dim() + "x"
                        + targets.get(i).dim() + " but the tasks are " + catalog.dim() + "x" + catalog.dim());
            }
        }
    }

    /** The first (for single-target problems, the only) target. */
    public Target target() {
        return targets.get(0);
    }

    /** Feature dimension {@code d}. */
    public int dim() {
        return catalog.dim();
    }
}
