package org.taskmix.catalog;

import java.util.Objects;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * A candidate training task: a distribution of regression prompts summarised by its feature
 * covariance {@code Λ} (docs/theory.md §1).
 *
 * @param name         unique name within a catalog
 * @param group        optional group label (e.g. "Hard-Long"), or null
 * @param size         optional amount of data available (examples or tokens), or null
 * @param promptLength optional own training prompt length {@code n_ℓ}, or null for the problem's n
 * @param covariance   {@code Λ}, symmetric positive semidefinite
 * @param limits       weight limits for selection
 */
public record Task(String name, String group, Double size, Integer promptLength,
                   SymmetricMatrix covariance, WeightLimits limits) {

    public Task {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(covariance, "covariance");
        if (name.isBlank()) {
            throw new IllegalArgumentException("task name must not be blank");
        }
        if (size != null && !(size >= 0 && Double.isFinite(size))) {
            throw new IllegalArgumentException("task " + name + ": size " + size + " must be finite and >= 0");
        }
        if (promptLength != null && promptLength < 1) {
            throw new IllegalArgumentException("task " + name + ": n " + promptLength + " must be >= 1");
        }
        limits = limits == null ? WeightLimits.NONE : limits;
    }

    /** A task with only a name and covariance. */
    public static Task of(String name, SymmetricMatrix covariance) {
        return new Task(name, null, null, null, covariance, WeightLimits.NONE);
    }

    /** Feature dimension {@code d}. */
    public int dim() {
        return covariance.dim();
    }

    /** This task's training prompt length: its own {@code n_ℓ}, else {@code defaultN}. */
    public int promptLength(int defaultN) {
        return promptLength != null ? promptLength : defaultN;
    }

    /** A copy with other weight limits. */
    public Task withLimits(WeightLimits newLimits) {
        return new Task(name, group, size, promptLength, covariance, newLimits);
    }
}
