package org.taskmix.catalog;

import java.util.Objects;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * A downstream target with feature covariance {@code Σ} (symmetric positive definite: the
 * selection program needs {@code Σ⁻¹}).
 *
 * @param name       name
 * @param covariance {@code Σ}
 * @param weight     weight of this target when several are combined (default 1)
 */
public record Target(String name, SymmetricMatrix covariance, double weight) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(covariance, "covariance");
        if (!(weight > 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException("target " + name + ": weight " + weight + " must be finite and > 0");
        }
    }

    /** A target of weight 1. */
    public static Target of(String name, SymmetricMatrix covariance) {
        return new Target(name, covariance, 1.0);
    }

    /** Feature dimension {@code d}. */
    public int dim() {
        return covariance.dim();
    }
}
