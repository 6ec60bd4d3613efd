package org.taskmix.nonlinear;

/**
 * Whether the deep-learning engine (DJL + PyTorch, docs/theory.md §9) is on the class path, and
 * the settings every run uses. Deliberately free of {@code ai.djl} imports: it must load when
 * the engine's jars are absent (a lean {@code taskmix.jar} without {@code engine/} beside it).
 */
public final class EngineCheck {

    /** What to do when the engine is missing; the command line prints it as one error line. */
    public static final String MISSING = "the transformer engine (DJL + PyTorch) is not on the class path: "
            + "build it with `mvn -B package -DskipTests` (it writes target/engine/ beside target/taskmix.jar) "
            + "or copy target/engine/ next to taskmix.jar";

    private EngineCheck() {
    }

    /** True if DJL's API, its PyTorch engine and the native library jar can all be found. */
    public static boolean available() {
        ClassLoader cl = EngineCheck.class.getClassLoader();
        try {
            Class.forName("ai.djl.engine.Engine", false, cl);
            Class.forName("ai.djl.pytorch.engine.PtEngine", false, cl);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        // The native jar holds no classes; its marker file is how DJL itself finds it.
        return cl.getResource("native/lib/pytorch.properties") != null;
    }

    /**
     * Sets the properties that must hold before the engine first loads: never download
     * anything ({@code ai.djl.offline}), use PyTorch only, and run {@code threads} intra-op
     * threads (same seed and thread count give the same numbers). A property the user set on
     * the command line ({@code -D...}) wins for the thread counts.
     *
     * @throws IllegalStateException with {@link #MISSING} if the engine is not available
     */
    public static void prepare(int threads) {
        if (!available()) {
            throw new IllegalStateException(MISSING);
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
