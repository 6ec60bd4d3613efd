import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.taskmix.catalog.Problem;
import org.taskmix.io.Json;
import org.taskmix.io.ProblemReader;

/**
 * Removes tasks from a taskmix problem file: the "what if we stopped curating these?" edit.
 * Run with the taskmix jar on the class path (Java 17 single-file source):
 *
 * <pre>
 * java -cp target/taskmix.jar Drop.java IN.json OUT.json RULE...
 *
 * RULE (combine freely; the dropped set is the union):
 *   --task NAME                   drop this task (repeatable)
 *   --zero-weight SOLUTION        drop every task whose weight is exactly 0 in SOLUTION
 *   --smallest K SOLUTION         drop the K tasks with the smallest POSITIVE weights in SOLUTION
 *   --least-relevant K SOLUTION   drop the K tasks with the lowest relevance in SOLUTION
 * </pre>
 *
 * SOLUTION is the output of {@code taskmix solve --json}. The file is edited as JSON, so every
 * other task stays exactly as written (spectrum + seed specs stay specs); relative
 * {@code "samples"} paths are made absolute so the new file works from any folder. The result is
 * read back with {@link ProblemReader} before this program reports success.
 */
public class Drop {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Drop IN.json OUT.json (--task NAME | --zero-weight SOLUTION | --smallest K SOLUTION"
                    + " | --least-relevant K SOLUTION)...");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        // Reading through taskmix first means a bad input fails with taskmix's own message.
        Problem problem = ProblemReader.read(in);
        Map<String, String> why = new LinkedHashMap<>();
        try {
            collect(args, why);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            fail("bad arguments " + String.join(" ", args).substring(args[0].length() + args[1].length() + 2)
                    + " (" + e.getMessage() + "); each rule is --task NAME, --zero-weight SOLUTION, --smallest K SOLUTION"
                    + " or --least-relevant K SOLUTION");
        }
        finish(in, out, problem, why);
    }

    /** Reads the rules into {@code why}: task name to the reason it is dropped, in rule order. */
    private static void collect(String[] args, Map<String, String> why) throws Exception {
        for (int a = 2; a < args.length; a++) {
            switch (args[a]) {
                case "--task" -> why.put(args[++a], "named");
                case "--zero-weight" -> {
                    for (JsonNode t : solutionTasks(Path.of(args[++a]))) {
                        if (t.get("weight").asDouble() == 0) {
                            why.putIfAbsent(t.get("name").asText(), String.format(
                                    "weight 0, reduced gradient %.4g", t.get("reducedGradient").asDouble()));
                        }
                    }
                }
                case "--smallest" -> {
                    int k = Integer.parseInt(args[++a]);
                    List<JsonNode> positive = new ArrayList<>();
                    solutionTasks(Path.of(args[++a])).forEach(t -> {
                        if (t.get("weight").asDouble() > 0) {
                            positive.add(t);
                        }
                    });
                    positive.sort(Comparator.comparingDouble(t -> t.get("weight").asDouble()));
                    for (JsonNode t : positive.subList(0, Math.min(k, positive.size()))) {
                        why.putIfAbsent(t.get("name").asText(), String.format("weight %.4g", t.get("weight").asDouble()));
                    }
                }
                case "--least-relevant" -> {
                    int k = Integer.parseInt(args[++a]);
                    List<JsonNode> all = new ArrayList<>();
                    solutionTasks(Path.of(args[++a])).forEach(all::add);
                    all.sort(Comparator.comparingDouble(t -> t.get("relevance").asDouble()));
                    for (JsonNode t : all.subList(0, Math.min(k, all.size()))) {
                        why.putIfAbsent(t.get("name").asText(), String.format("relevance %.4g (weight %.4g)",
                                t.get("relevance").asDouble(), t.get("weight").asDouble()));
                    }
                }
                default -> fail("unknown argument " + args[a]);
            }
        }
    }

    private static void finish(Path in, Path out, Problem problem, Map<String, String> why) throws Exception {
        for (String name : why.keySet()) {
            if (problem.catalog().indexOf(name) < 0) {
                fail("task \"" + name + "\" is not in " + in + " (tasks: " + problem.catalog().names() + ")");
            }
        }
        if (why.size() >= problem.catalog().size()) {
            fail("dropping " + why.keySet() + " would leave no task");
        }

        ObjectNode root = (ObjectNode) Json.mapper().readTree(in.toFile());
        ArrayNode tasks = (ArrayNode) root.get("tasks");
        Path base = in.toAbsolutePath().getParent();
        for (int i = tasks.size() - 1; i >= 0; i--) {
            if (why.containsKey(tasks.get(i).get("name").asText())) {
                tasks.remove(i);
            }
        }
        absoluteSamplePaths(root, base);
        String note = "Tasks removed (Drop.java): " + String.join(", ", why.keySet()) + ".";
        String desc = root.path("description").asText("");
        root.put("description", desc.isEmpty() ? note : desc + " " + note);
        Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        Problem kept = ProblemReader.read(out);

        System.out.printf("dropped %d of %d tasks, %d kept -> %s%n", why.size(), problem.catalog().size(),
                kept.catalog().size(), out);
        why.forEach((name, reason) -> System.out.printf("  - %-14s %s%n", name, reason));
    }

    private static Iterable<JsonNode> solutionTasks(Path solution) throws Exception {
        JsonNode tasks = Json.mapper().readTree(solution.toFile()).get("tasks");
        if (tasks == null || !tasks.isArray()) {
            fail(solution + ": no \"tasks\" list; expected the output of taskmix solve --json");
        }
        return tasks;
    }

    private static void absoluteSamplePaths(ObjectNode root, Path base) {
        List<JsonNode> holders = new ArrayList<>();
        root.get("tasks").forEach(holders::add);
        if (root.has("target")) {
            holders.add(root.get("target"));
        }
        if (root.has("targets")) {
            root.get("targets").forEach(holders::add);
        }
        for (JsonNode h : holders) {
            JsonNode cov = h.get("covariance");
            if (cov != null && cov.isObject() && cov.has("samples")) {
                Path p = Path.of(cov.get("samples").asText());
                ((ObjectNode) cov).put("samples", base.resolve(p).normalize().toString());
            }
        }
    }

    private static void fail(String message) {
        System.err.println("Drop: " + message);
        System.exit(2);
    }
}
