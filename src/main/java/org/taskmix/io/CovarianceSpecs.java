package org.taskmix.io;

import java.nio.file.Path;
import java.util.Set;

import org.taskmix.linalg.SymmetricMatrix;

/**
 * Covariance spec objects in problem files: {@code {"diagonal": [...]}} and
 * {@code {"spectrum": [...], "basis": "identity"}}.
 */
final class CovarianceSpecs {

    private static final Set<String> KEYS = Set.of("diagonal", "spectrum", "basis", "seed");

    private CovarianceSpecs() {
    }

    static SymmetricMatrix parse(Field f, int d, Path baseDir) {
        f.requireObject(KEYS, Set.of());
        if (f.has("diagonal")) {
            if (f.has("spectrum") || f.has("basis") || f.has("seed")) {
                throw f.error("a \"diagonal\" spec takes no other field");
            }
            double[] diag = vector(f.get("diagonal"), d);
            return SymmetricMatrix.diagonal(diag);
        }
        if (f.has("spectrum")) {
            double[] spectrum = vector(f.get("spectrum"), d);
            String basis = f.has("basis") ? f.get("basis").asString() : "identity";
            if (!basis.equals("identity")) {
                throw f.get("basis").error("value \"" + basis + "\" is not a supported basis; expected \"identity\"");
            }
            return SymmetricMatrix.diagonal(spectrum);
        }
        throw f.error("spec object must have one of: diagonal, spectrum");
    }

    static double[] vector(Field f, int d) {
        double[] v = f.asDoubleArray();
        if (v.length != d) {
            throw f.error("has " + v.length + " entries but \"dimension\" is " + d);
        }
        return v;
    }
}
