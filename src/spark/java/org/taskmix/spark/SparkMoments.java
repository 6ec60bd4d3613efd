package org.taskmix.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.taskmix.catalog.CovarianceEstimator;

/**
 * Per-task count, mean and co-moment matrix of Parquet embedding tables, computed on Spark
 * (docs/formats.md, "Spark estimation").
 *
 * <p>Each input (a task's files, with its column and task-row selection) becomes a
 * {@code (task index, array<double>)} dataset; their union is read partition by partition with
 * {@code mapPartitionsWithIndex} over Catalyst's {@link InternalRow}s (a row's array is copied out
 * with {@code toDoubleArray}, no boxing, no per-row UDF), feeding one {@link CovarianceEstimator}
 * per task present in the partition. Each partition returns one {@link CovarianceEstimator.Moments}
 * per task; the driver sorts them by (task, partition) and merges them with
 * {@link CovarianceEstimator#merge} (Chan, Golub and LeVeque's pairwise update when centred), the
 * local estimator's own merge. For a fixed partitioning the result is therefore deterministic; it
 * equals the local estimate up to rounding (the rows are summed in other groups).
 *
 * <p>Driver memory: one {@code d(d+1)/2} array of doubles per (task, partition) pair is collected,
 * e.g. 2.4 MB at d = 768 and 80 partitions of one task: 190 MB.
 */
public final class SparkMoments {

    private SparkMoments() {
    }

    /**
     * One task's input.
     *
     * @param files      Parquet files (or folders, as Spark reads them)
     * @param column     list column, or per-dimension column prefix, or null (the only list
     *                   column, else every numeric column except the task column)
     * @param taskColumn column naming each row's task, or null
     * @param taskValue  value of {@code taskColumn} for this task, or null
     */
    public record Input(List<String> files, String column, String taskColumn, String taskValue) implements Serializable {
    }

    /** A partition's moments of one task. */
    record Part(int task, int partition, CovarianceEstimator.Moments moments) implements Serializable {
    }

    /**
     * The merged estimator of every input, in input order (an input without rows gives an
     * estimator of count 0).
     *
     * @throws IllegalArgumentException for a missing or non-numeric column, a null or ragged
     *         row, or inputs of different dimensions
     */
    public static List<CovarianceEstimator> estimate(SparkSession spark, List<Input> inputs, boolean center) {
        Dataset<Row> all = null;
        for (int i = 0; i < inputs.size(); i++) {
            Dataset<Row> one = vectors(spark, inputs.get(i), i);
            all = all == null ? one : all.unionAll(one);
        }
        JavaRDD<InternalRow> rows = all.queryExecution().toRdd().toJavaRDD();
        List<Part> parts = new ArrayList<>(rows.mapPartitionsWithIndex((index, it) -> partition(index, it, center),
                false).collect());
        parts.sort(Comparator.comparingInt(Part::task).thenComparingInt(Part::partition));
        List<CovarianceEstimator> out = new ArrayList<>();
        int d = -1;
        for (Part p : parts) {
            if (d >= 0 && p.moments().d() != d) {
                throw new IllegalArgumentException("task " + p.task() + " has rows of " + p.moments().d()
                        + " values but another has " + d + "; every task must have one dimension");
            }
            d = p.moments().d();
        }
        for (int i = 0; i < inputs.size(); i++) {
            CovarianceEstimator total = null;
            for (Part p : parts) {
                if (p.task() == i) {
                    CovarianceEstimator e = CovarianceEstimator.of(p.moments());
                    if (total == null) {
                        total = e;
                    } else {
                        total.merge(e);
                    }
                }
            }
            out.add(total != null ? total : new CovarianceEstimator(Math.max(d, 1), center));
        }
        return out;
    }

    /** One partition: an estimator per task seen, fed row by row from Catalyst's arrays. */
    static Iterator<Part> partition(int index, Iterator<InternalRow> it, boolean center) {
        Map<Integer, CovarianceEstimator> acc = new LinkedHashMap<>();
        int d = -1;
        while (it.hasNext()) {
            InternalRow row = it.next();
            int task = row.getInt(0);
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("task " + task + ": a row has a null embedding");
            }
            ArrayData a = row.getArray(1);
            int len = a.numElements();
            for (int j = 0; j < len; j++) {
                if (a.isNullAt(j)) {
                    throw new IllegalArgumentException("task " + task + ": a row has a null value at position " + j);
                }
            }
            if (d < 0) {
                d = len;
            } else if (len != d) {
                throw new IllegalArgumentException("task " + task + ": a row has " + len + " values but another has "
                        + d + "; every row must have d values");
            }
            final int dim = d;
            acc.computeIfAbsent(task, t -> new CovarianceEstimator(dim, center)).accept(a.toDoubleArray(), 1);
        }
        List<Part> out = new ArrayList<>();
        for (var e : acc.entrySet()) {
            out.add(new Part(e.getKey(), index, e.getValue().moments()));
        }
        return out.iterator();
    }

    /** {@code (t = index, x = array<double>)} rows of one input. */
    static Dataset<Row> vectors(SparkSession spark, Input in, int index) {
        Dataset<Row> df = spark.read().parquet(in.files().toArray(new String[0]));
        if (in.taskColumn() != null) {
            if (!List.of(df.columns()).contains(in.taskColumn())) {
                throw new IllegalArgumentException(in.files().get(0) + ": no task column \"" + in.taskColumn() + "\"");
            }
            df = df.filter(functions.col(in.taskColumn()).cast(DataTypes.StringType).equalTo(in.taskValue()));
        }
        Column x = embedding(df, in);
        return df.select(functions.lit(index).as("t"), x.cast(DataTypes.createArrayType(DataTypes.DoubleType))
                .as("x"));
    }

    /** The embedding as one array column: the named or only list column, or the numeric columns. */
    static Column embedding(Dataset<Row> df, Input in) {
        List<StructField> lists = new ArrayList<>();
        List<StructField> numeric = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            if (f.dataType() instanceof ArrayType at && at.elementType() instanceof NumericType) {
                lists.add(f);
            } else if (f.dataType() instanceof NumericType && !f.name().equals(in.taskColumn())) {
                numeric.add(f);
            }
        }
        String where = in.files().get(0);
        if (in.column() != null) {
            for (StructField f : lists) {
                if (f.name().equals(in.column())) {
                    return functions.col(f.name());
                }
            }
            List<Column> dims = new ArrayList<>();
            for (int j = 0; ; j++) {
                String name = prefixed(numeric, in.column(), j);
                if (name == null) {
                    break;
                }
                dims.add(functions.col(name).cast(DataTypes.DoubleType));
            }
            if (dims.isEmpty()) {
                throw new IllegalArgumentException(where + ": no numeric list column \"" + in.column()
                        + "\" and no columns " + in.column() + "0, " + in.column() + "1, …");
            }
            return functions.array(dims.toArray(new Column[0]));
        }
        if (lists.size() == 1) {
            return functions.col(lists.get(0).name());
        }
        if (!lists.isEmpty() || numeric.isEmpty()) {
            throw new IllegalArgumentException(where + ": has " + lists.size() + " numeric list columns and "
                    + numeric.size() + " numeric columns; name the embedding with the manifest's \"column\"");
        }
        return functions.array(numeric.stream().map(f -> functions.col(f.name()).cast(DataTypes.DoubleType))
                .toArray(Column[]::new));
    }

    private static String prefixed(List<StructField> fields, String prefix, int j) {
        for (StructField f : fields) {
            if (f.name().equals(prefix + j) || f.name().equals(prefix + "_" + j)) {
                return f.name();
            }
        }
        return null;
    }
}
