package org.taskmix.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.taskmix.selection.SolverSettings;
import org.taskmix.selection.Tolerances;

/**
 * Reads solver settings files ({@code solvers/*.json}, format {@code taskmix/solver-1}):
 *
 * <pre>{
 *   "format": "taskmix/solver-1",
 *   "name": "large-scale",
 *   "description": "what it is for",
 *   "backend": "taskmix",              // or "ojalgo"
 *   "algorithm": "active-set",         // ojalgo: active-set | admm; taskmix: active-set | first-order
 *   "tolerances": {"gap": 1e-9, "feasibility": 1e-9, "kkt": 1e-6},   // optional, these defaults
 *   "maxIterations": 1000000,          // optional
 *   "timeLimitSeconds": 600,           // optional
 *   "maxFree": 10000,                  // optional (taskmix active-set)
 *   "polish": false                    // optional (ojalgo)
 * }</pre>
 */
public final class SolverSettingsReader {

    /** The format tag. */
    public static final String FORMAT = "taskmix/solver-1";

    private static final Set<String> FIELDS = Set.of("format", "name", "description", "backend", "algorithm",
            "tolerances", "maxIterations", "timeLimitSeconds", "maxFree", "polish");
    private static final Set<String> REQUIRED = Set.of("format", "name", "description", "backend", "algorithm");
    private static final Set<String> TOLERANCES = Set.of("gap", "feasibility", "kkt");

    private SolverSettingsReader() {
    }

    /** Reads one settings file. */
    public static SolverSettings read(Path file) {
        Field root = Field.root(file, ProblemReader.readTree(file));
        root.requireObject(FIELDS, REQUIRED);
        String format = root.get("format").asString();
        if (!format.equals(FORMAT)) {
            throw root.get("format").error("value \"" + format + "\" must be \"" + FORMAT + "\"");
        }
        SolverSettings defaults = SolverSettings.LARGE_SCALE;
        Tolerances tol = Tolerances.DEFAULT;
        if (root.has("tolerances")) {
            Field t = root.get("tolerances").requireObject(TOLERANCES, Set.of());
            tol = new Tolerances(
                    t.has("gap") ? unitOpen(t.get("gap")) : tol.gap(),
                    t.has("feasibility") ? unitOpen(t.get("feasibility")) : tol.feasibility(),
                    t.has("kkt") ? unitOpen(t.get("kkt")) : tol.kkt());
        }
        long maxIterations = root.has("maxIterations") ? positiveLong(root.get("maxIterations")) : defaults.maxIterations();
        double seconds = defaults.timeLimitSeconds();
        if (root.has("timeLimitSeconds")) {
            seconds = root.get("timeLimitSeconds").asDouble();
            if (!(seconds > 0)) {
                throw root.get("timeLimitSeconds").error("value " + seconds + " must be > 0");
            }
        }
        int maxFree = root.has("maxFree") ? root.get("maxFree").asInt(2) : defaults.maxFree();
        boolean polish = root.has("polish") && root.get("polish").asBoolean();
        String backend = root.get("backend").asName();
        String algorithm = root.get("algorithm").asName();
        try {
            return new SolverSettings(root.get("name").asName(), root.get("description").asString(), backend, algorithm,
                    tol, maxIterations, seconds, maxFree, polish);
        } catch (IllegalArgumentException e) {
            throw InputException.at(file, null, e.getMessage());
        }
    }

    /**
     * {@code --solver NAME|FILE}: an existing file (or any argument ending in {@code .json}) is
     * read; otherwise the name must be a built-in configuration.
     */
    public static SolverSettings resolve(String nameOrFile) {
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p) || nameOrFile.endsWith(".json")) {
            SolverSettings s = read(p);
            AtomicFiles.registerInput(p);
            return s;
        }
        Map<String, SolverSettings> builtIn = SolverSettings.builtIn();
        SolverSettings s = builtIn.get(nameOrFile);
        if (s == null) {
            throw new InputException("--solver: \"" + nameOrFile + "\" is neither a settings file nor a built-in solver ("
                    + String.join(", ", builtIn.keySet()) + ")");
        }
        return s;
    }

    private static double unitOpen(Field f) {
        double v = f.asDouble();
        if (!(v > 0 && v < 1)) {
            throw f.error("value " + v + " must lie in (0, 1)");
        }
        return v;
    }

    private static long positiveLong(Field f) {
        long v = f.asLong();
        if (v < 1) {
            throw f.error("value " + v + " must be >= 1");
        }
        return v;
    }
}
