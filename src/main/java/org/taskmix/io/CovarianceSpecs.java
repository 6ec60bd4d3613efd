package org.taskmix.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.IntToDoubleFunction;

import org.ejml.data.DMatrixRMaj;
import org.taskmix.catalog.CovarianceSpec;
import org.taskmix.linalg.MatrixCheck;
import org.taskmix.linalg.RandomOrthogonal;
import org.taskmix.linalg.SymmetricMatrix;

/**
 * Covariance spec objects in problem files:
 * <ul>
 *   <li>{@code {"diagonal": [...]}};</li>
 *   <li>{@code {"spectrum": [...], "basis": "identity"}} (the default basis);</li>
 *   <li>{@code {"spectrum": [...], "basis": "random", "seed": 7}}: a Haar-random basis from the
 *       seed ({@link RandomOrthogonal#haar});</li>
 *   <li>{@code {"spectrum": [...], "basis": [[...], ...]}}: an explicit orthonormal basis, d rows
 *       of {@code Q} whose columns are the eigenvectors, within
 *       {@link CovarianceSpec#ORTHONORMAL_TOLERANCE};</li>
 *   <li>{@code {"samples": "data/t4.npy", "center": false}}: the covariance of samples in an NPY or
 *       CSV file (path relative to the problem file), streamed ({@link SampleFiles}).</li>
 * </ul>
 */
final class CovarianceSpecs {

    private static final Set<String> KEYS = Set.of("diagonal", "spectrum", "basis", "seed", "samples", "center",
            "sidecar", "index", "sha256");
    private static final List<String> KINDS = List.of("diagonal", "spectrum", "samples", "sidecar");

    private CovarianceSpecs() {
    }

    /**
     * Scale window of a covariance's largest variance. The theory is invariant to one common
     * scale of every covariance, but products of a few matrices (Σ P Σ, eigen-decompositions,
     * (I − PΣ)^K) overflow or underflow doubles (about 1e±308) outside roughly 1e±100; such
     * inputs are refused with the factor that brings them back instead of giving NaN or ∞.
     */
    public static final double MIN_SCALE = 1e-100;
    /** See {@link #MIN_SCALE}. */
    public static final double MAX_SCALE = 1e100;

    static SymmetricMatrix parse(Field f, int d, Path baseDir) {
        f.requireObject(KEYS, Set.of());
        String kind = kind(f);
        if (kind.equals("samples")) {
            return checkScale(f, samples(f, d, baseDir), false);
        }
        if (kind.equals("sidecar")) {
            return sidecar(f, d, baseDir);
        }
        return checkScale(f, spec(f, d, kind).build(), true);
    }

    /**
     * Refuses a covariance whose largest variance (for a PSD matrix, its largest entry) lies
     * outside [{@link #MIN_SCALE}, {@link #MAX_SCALE}]; an exactly zero matrix is allowed only if
     * {@code allowZero} (a zero estimate from samples means they underflowed).
     */
    static SymmetricMatrix checkScale(Field f, SymmetricMatrix m, boolean allowZero) {
        checkScale(f, largestVariance(i -> m.get(i, i), m.dim()), allowZero);
        return m;
    }

    /** {@code max |a_ii|} of a matrix with diagonal entries {@code a_ii = diagonal(i)}. */
    private static double largestVariance(IntToDoubleFunction diagonal, int d) {
        double max = 0;
        for (int i = 0; i < d; i++) {
            max = Math.max(max, Math.abs(diagonal.applyAsDouble(i)));
        }
        return max;
    }

    /** {@link #checkScale(Field, SymmetricMatrix, boolean)} given the largest variance {@code max}. */
    private static void checkScale(Field f, double max, boolean allowZero) {
        if (max == 0 && allowZero) {
            return;
        }
        if (max == 0) {
            throw f.error("covariance estimate is all zero (the samples are 0, or so small their squares underflow);"
                    + " multiply the samples by a common factor so their largest magnitude is near 1");
        }
        if (max < MIN_SCALE || max > MAX_SCALE) {
            double factor = Math.pow(10, -Math.rint(Math.log10(max)));
            throw f.error("largest variance " + max + " lies outside [" + MIN_SCALE + ", " + MAX_SCALE + "], where"
                    + " double arithmetic overflows or underflows; multiply every covariance in the problem by "
                    + factor + " (the predictions do not change under a common scale)");
        }
    }

    /** The spec of a non-sample covariance object (already checked to be an object). */
    static CovarianceSpec spec(Field f, int d, String kind) {
        if (kind.equals("diagonal")) {
            only(f, "diagonal", Set.of("diagonal"));
            return new CovarianceSpec.Diagonal(spectrum(f.get("diagonal"), d));
        }
        only(f, "spectrum", Set.of("spectrum", "basis", "seed"));
        double[] spectrum = spectrum(f.get("spectrum"), d);
        if (!f.has("basis") || f.get("basis").node().isTextual()) {
            String basis = f.has("basis") ? f.get("basis").asString() : "identity";
            switch (basis) {
                case "identity" -> {
                    if (f.has("seed")) {
                        throw f.errorAt("seed", "a seed is only used with \"basis\": \"random\"");
                    }
                    return new CovarianceSpec.Diagonal(spectrum);
                }
                case "random" -> {
                    if (!f.has("seed")) {
                        throw f.errorAt("seed", "missing required field: \"basis\": \"random\" needs an integer"
                                + " \"seed\" so the basis can be reproduced");
                    }
                    return new CovarianceSpec.RandomBasis(spectrum, f.get("seed").asLong());
                }
                default -> throw f.get("basis").error("value \"" + basis + "\" is not a supported basis; expected"
                        + " \"identity\", \"random\" (with \"seed\") or a d x d matrix whose columns are orthonormal"
                        + " eigenvectors");
            }
        }
        if (f.has("seed")) {
            throw f.errorAt("seed", "a seed is only used with \"basis\": \"random\"");
        }
        Field bf = f.get("basis");
        if (!bf.isArray()) {
            throw bf.error("value " + Field.describe(bf.node()) + " must be \"identity\", \"random\" or a " + d + "x" + d
                    + " matrix");
        }
        double[][] q = ProblemReader.rows(bf);
        if (q.length != d) {
            throw bf.error("basis has " + q.length + " rows but \"dimension\" is " + d + "; it must be " + d + "x" + d);
        }
        for (int i = 0; i < d; i++) {
            if (q[i].length != d) {
                throw InputException.at(bf.file(), bf.path() + "[" + i + "]", "row has " + q[i].length
                        + " entries; the basis must be " + d + "x" + d);
            }
        }
        double err = RandomOrthogonal.orthonormalityError(new DMatrixRMaj(q));
        if (!(err <= CovarianceSpec.ORTHONORMAL_TOLERANCE)) {
            throw bf.error("columns are not orthonormal: max |Q^T Q - I| = " + err + " exceeds "
                    + CovarianceSpec.ORTHONORMAL_TOLERANCE + "; give the eigenvectors as orthonormal columns with at"
                    + " least 10 significant digits");
        }
        return new CovarianceSpec.ExplicitBasis(spectrum, q);
    }

    private static SymmetricMatrix samples(Field f, int d, Path baseDir) {
        only(f, "samples", Set.of("samples", "center"));
        Field sf = f.get("samples");
        String value = sf.asName();
        boolean center = f.has("center") && f.get("center").asBoolean();
        Path path = SampleFiles.confine(sf, value, baseDir);
        SampleFiles.Estimate est;
        try {
            est = SampleFiles.estimate(path, center, SampleFiles.defaultThreads(), d);
        } catch (InputException e) {
            throw sf.error("value \"" + Field.cut(value) + "\": " + e.getMessage());
        }
        return est.covariance();
    }

    /**
     * {@code {"sidecar": "FILE.npy", "index": i, "sha256": "…"}}: matrix i of a compact-catalog
     * sidecar ({@link CovarianceSidecar}), a plain relative file name beside the problem file.
     */
    private static SymmetricMatrix sidecar(Field f, int d, Path baseDir) {
        only(f, "sidecar", Set.of("sidecar", "index", "sha256"));
        Field sf = f.get("sidecar");
        String value = sf.asName();
        if (value.contains("/") || value.contains("\\") || value.equals("..") || value.startsWith(".")) {
            throw sf.error("value \"" + value + "\" must be a plain file name beside the problem file");
        }
        if (!f.has("index")) {
            throw f.errorAt("index", "missing; a sidecar reference needs the matrix index");
        }
        int index = f.get("index").asInt(0);
        String sha = f.has("sha256") ? f.get("sha256").asString() : null;
        Path path = baseDir == null ? Path.of(value) : baseDir.resolve(value);
        CovarianceSidecar car;
        try {
            car = CovarianceSidecar.open(path, sha);
        } catch (InputException e) {
            throw sf.error("value \"" + value + "\": " + e.getMessage());
        }
        if (car.dim() != d) {
            throw sf.error("value \"" + value + "\": holds " + car.dim() + "x" + car.dim() + " matrices but the dimension"
                    + " is " + d);
        }
        if (index >= car.count()) {
            throw f.get("index").error("value " + index + " is past the sidecar's " + car.count() + " matrices");
        }
        // Checked and symmetrised like a JSON matrix, eigenvalues computed once for the PSD check,
        // then kept in the sidecar only (docs/theory.md §8): read again on each use.
        // The spectrum stored when the sidecar was written is trusted (the checksum covers it,
        // CovarianceSidecar#spectrum checks it against the trace and norm); without it, computed.
        SymmetricMatrix.Source source = car.source(index);
        double[] buffer = takeBuffer(d);
        try {
            car.read(index, buffer);
            MatrixCheck.Checked checked = MatrixCheck.checkInPlace(buffer, d);
            if (checked == null) {
                // The rows, only now: MatrixCheck names the first defect as it always has.
                MatrixCheck check = MatrixCheck.check(car.rows(index));
                throw InputException.at(f.file(), f.path() + check.path(), "sidecar matrix " + index + ": "
                        + check.message());
            }
            double[] spectrum = car.spectrum(index, checked::trace, checked::sumOfSquares);
            if (spectrum == null && d < SymmetricMatrix.EXTREMES_MIN_DIMENSION) {
                spectrum = SymmetricMatrix.external(checked, source, null, null).eigenvalues();
            }
            IntToDoubleFunction diagonal = i -> checked.get(i, i);
            double[] extremes = spectrum == null ? car.extremes(index, diagonal) : null;
            checkScale(f, largestVariance(diagonal, d), true);
            return SymmetricMatrix.external(checked, source, spectrum, extremes);
        } finally {
            giveBack(buffer);
        }
    }

    /**
     * Buffers of {@code d²} doubles for checking sidecar matrices, reused by the tasks of a read: at
     * d = 4096 a fresh 134 MB array per task costs more in page faults than the check itself. Each is
     * held by one check at a time (taken from here, put back after), so a thread that runs another
     * task's check while it waits never gets one still in use.
     */
    private static final Deque<double[]> BUFFERS = new ConcurrentLinkedDeque<>();

    private static double[] takeBuffer(int d) {
        double[] b;
        while ((b = BUFFERS.pollFirst()) != null) {
            if (b.length == d * d) {
                return b;
            }
        }
        return new double[d * d];
    }

    private static void giveBack(double[] buffer) {
        BUFFERS.offerFirst(buffer);
    }

    /** Drops the idle check buffers (after a problem file is read: they are no use to the rest of a run). */
    static void releaseBuffers() {
        BUFFERS.clear();
    }

    /** Check buffers held for reuse (tests). */
    static int idleBuffers() {
        return BUFFERS.size();
    }

    private static String kind(Field f) {
        List<String> present = new ArrayList<>();
        for (String k : KINDS) {
            if (f.has(k)) {
                present.add(k);
            }
        }
        if (present.isEmpty()) {
            throw f.error("spec object must have one of: diagonal, spectrum, samples (or give the full matrix)");
        }
        if (present.size() > 1) {
            throw f.errorAt(present.get(1), "a covariance spec has exactly one of diagonal, spectrum, samples; this one"
                    + " also has \"" + present.get(0) + "\"");
        }
        return present.get(0);
    }

    /** Rejects fields of the spec object that this kind does not take. */
    private static void only(Field f, String kind, Set<String> allowed) {
        var it = f.node().fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw f.errorAt(name, "field not used by a \"" + kind + "\" spec; it takes only "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** A vector of {@code d} finite, non-negative eigenvalues. */
    static double[] spectrum(Field f, int d) {
        double[] v = f.asDoubleArray();
        if (v.length != d) {
            throw f.error("has " + v.length + " entries but \"dimension\" is " + d);
        }
        for (int i = 0; i < d; i++) {
            if (v[i] < 0) {
                throw InputException.at(f.file(), f.path() + "[" + i + "]", "value " + v[i]
                        + " is negative; covariance eigenvalues (and variances) must be >= 0");
            }
        }
        return v;
    }

    /** Checks a full matrix read as rows: shape against {@code d}, finiteness, symmetry. */
    static SymmetricMatrix matrix(Field f, int d) {
        return matrix(f, ProblemReader.rows(f), d);
    }

    /** {@link #matrix(Field, int)} for rows already read (by the streaming reader). */
    static SymmetricMatrix matrix(Field f, double[][] rows, int d) {
        if (rows.length != d) {
            throw f.error("matrix has " + rows.length + " rows but \"dimension\" is " + d
                    + "; a covariance must be " + d + "x" + d);
        }
        MatrixCheck check = MatrixCheck.check(rows);
        if (check != null) {
            throw InputException.at(f.file(), f.path() + check.path(), check.message());
        }
        return checkScale(f, SymmetricMatrix.of(rows), true);
    }
}
