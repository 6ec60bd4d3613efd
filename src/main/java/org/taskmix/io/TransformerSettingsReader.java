package org.taskmix.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.taskmix.catalog.Problem;
import org.taskmix.nonlinear.ExperimentPlan;
import org.taskmix.nonlinear.TransformerConfig;
import org.taskmix.nonlinear.TransformerSettings;

/**
 * Reads a problem file's optional {@code settings.transformer} block (docs/theory.md §9): how the
 * transformer check trains and measures, and the quick variant of an experiment.
 *
 * <pre>
 * "transformer": {"preset": "small", "steps": 500, "batch": 32, "learningRate": 0.001, "warmup": 25,
 *                 "kTrain": [1, 8], "testPrompts": 1000, "seed": 1, "seeds": 5, "kMax": 8,
 *                 "n": [20, 30, 40], "mEqualsN": true,
 *                 "quick": {"steps": 150, "seeds": 2, "testPrompts": 300}}
 * </pre>
 * Every field is optional; the defaults are {@link #DEFAULT_SETTINGS}, one seed, {@code K_train = 1},
 * the problem's {@code n}, {@code m} and largest {@code k} (at most {@link #DEFAULT_K_MAX}).
 */
public final class TransformerSettingsReader {

    /** Defaults of the training and measurement settings (small preset, seconds to minutes). */
    public static final TransformerSettings DEFAULT_SETTINGS = new TransformerSettings(500, 32, 1e-3, 25, 1, 1000, 1L);
    /** Default longest CoT when the problem lists longer ones: the paper's k ≤ 8. */
    public static final int DEFAULT_K_MAX = 8;

    private static final Set<String> FIELDS = Set.of("preset", "steps", "batch", "learningRate", "warmup", "kTrain",
            "testPrompts", "seed", "seeds", "kMax", "n", "mEqualsN", "quick");
    private static final Set<String> QUICK = Set.of("steps", "seeds", "testPrompts");

    private TransformerSettingsReader() {
    }

    /**
     * The full and the quick plan of a problem.
     *
     * @param full  as written
     * @param quick the {@code quick} overrides applied (defaults: 150 steps, 2 seeds, 300 test prompts)
     */
    public record Plans(ExperimentPlan full, ExperimentPlan quick) {
    }

    /** Reads the block of a problem file on disk. */
    public static Plans read(Path file, Problem problem) {
        return parse(ProblemReader.readTree(file), file, problem);
    }

    /** Reads the block of a problem bundled in the jar. */
    public static Plans readResource(String resource, String source, Problem problem) {
        try (var in = TransformerSettingsReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InputException(source + ": no such built-in problem");
            }
            return parse(Json.mapper().readTree(in.readAllBytes()), source, problem);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Plans parse(JsonNode root, Object source, Problem problem) {
        Field top = Field.root(source, root);
        Field f = top.has("settings") && top.get("settings").has("transformer")
                ? top.get("settings").get("transformer") : null;
        int kMaxDefault = Math.min(DEFAULT_K_MAX, problem.settings().kMax());
        if (f == null) {
            ExperimentPlan full = new ExperimentPlan(TransformerConfig.SMALL, DEFAULT_SETTINGS, List.of(1), 1,
                    kMaxDefault, List.of(), false);
            return new Plans(full, full.scaled(150, 1, 300));
        }
        f.requireObject(FIELDS, Set.of());
        TransformerSettings d = DEFAULT_SETTINGS;
        try {
            TransformerConfig config = f.has("preset") ? preset(f.get("preset")) : TransformerConfig.SMALL;
            List<Integer> kTrains = f.has("kTrain") ? ints(f.get("kTrain")) : List.of(1);
            int steps = f.has("steps") ? f.get("steps").asInt(1) : d.steps();
            TransformerSettings s = new TransformerSettings(steps,
                    f.has("batch") ? f.get("batch").asInt(1) : d.batch(),
                    f.has("learningRate") ? f.get("learningRate").asDouble() : d.learningRate(),
                    f.has("warmup") ? f.get("warmup").asInt() : Math.min(d.warmup(), steps),
                    kTrains.get(0),
                    f.has("testPrompts") ? f.get("testPrompts").asInt(2) : d.testPrompts(),
                    f.has("seed") ? f.get("seed").asLong() : d.seed());
            ExperimentPlan full = new ExperimentPlan(config, s, kTrains, f.has("seeds") ? f.get("seeds").asInt(1) : 1,
                    f.has("kMax") ? f.get("kMax").asInt(1) : kMaxDefault, f.has("n") ? ints(f.get("n")) : List.of(),
                    f.has("mEqualsN") && f.get("mEqualsN").asBoolean());
            int qSteps = 150;
            int qSeeds = 2;
            int qPrompts = 300;
            if (f.has("quick")) {
                Field q = f.get("quick").requireObject(QUICK, Set.of());
                qSteps = q.has("steps") ? q.get("steps").asInt(1) : qSteps;
                qSeeds = q.has("seeds") ? q.get("seeds").asInt(1) : qSeeds;
                qPrompts = q.has("testPrompts") ? q.get("testPrompts").asInt(2) : qPrompts;
            }
            return new Plans(full, full.scaled(Math.min(qSteps, steps), Math.min(qSeeds, full.seeds()),
                    Math.min(qPrompts, s.testPrompts())));
        } catch (IllegalArgumentException e) {
            throw e instanceof InputException ? e : InputException.at(source, null, e.getMessage());
        }
    }

    private static TransformerConfig preset(Field f) {
        try {
            return TransformerConfig.preset(f.asString());
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    private static List<Integer> ints(Field f) {
        List<Integer> out = new ArrayList<>();
        for (Field e : f.elements()) {
            out.add(e.asInt(1));
        }
        return out;
    }
}
