package org.taskmix.nonlinear;

import java.util.Locale;

/**
 * Size of the GPT-2-style decoder (docs/theory.md §9): pre-layer-norm blocks of causal softmax
 * attention and a GELU MLP (hidden width {@code 4·width}), learned positions, a final layer
 * norm.
 *
 * @param name   preset name, reported with results
 * @param layers decoder blocks
 * @param heads  attention heads; must divide {@code width}
 * @param width  model width (embedding dimension)
 */
public record TransformerConfig(String name, int layers, int heads, int width) {

    /** The paper's GPT-2: 12 layers, 8 heads, width 256 (about 9.5M parameters). */
    public static final TransformerConfig PAPER = new TransformerConfig("paper", 12, 8, 256);

    /**
     * Small enough to train in minutes on 2 shared cores (our choice): 2 layers, 4 heads, width
     * 64, about 0.1M parameters. Deep and wide enough to have softmax attention, GELU and layer
     * norm in the loop, which is what the check is about.
     */
    public static final TransformerConfig SMALL = new TransformerConfig("small", 2, 4, 64);

    /** Tiny, for tests: 1 layer, 2 heads, width 16. */
    public static final TransformerConfig TINY = new TransformerConfig("tiny", 1, 2, 16);

    public TransformerConfig {
        if (layers < 1) {
            throw new IllegalArgumentException("layers: value " + layers + " must be >= 1");
        }
        if (heads < 1 || width < 1 || width % heads != 0) {
            throw new IllegalArgumentException("heads: value " + heads + " must be >= 1 and divide width " + width);
        }
    }

    /**
     * A preset by name: {@code small}, {@code paper}, {@code tiny}, or {@code LxHxW} (e.g.
     * {@code 4x4x128}).
     *
     * @throws IllegalArgumentException naming the rule if the name is none of these
     */
    public static TransformerConfig preset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "small":
                return SMALL;
            case "paper":
                return PAPER;
            case "tiny":
                return TINY;
            default:
                String[] parts = n.split("x");
                if (parts.length == 3) {
                    try {
                        return new TransformerConfig(n, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                                Integer.parseInt(parts[2]));
                    } catch (NumberFormatException e) {
                        // fall through to the message below
                    }
                }
                throw new IllegalArgumentException("value \"" + name
                        + "\" must be small, paper, tiny or LAYERSxHEADSxWIDTH (e.g. 4x4x128)");
        }
    }

    /** Trainable parameters for features of dimension {@code d} and {@code positions} positions. */
    public long parameters(int d, int positions) {
        long c = width;
        long perLayer = 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + 2 * c + (c * 4 * c + 4 * c) + (4 * c * c + c);
        long embed = (d + 1) * c + c + d * c + c + (long) positions * c;
        long head = 2 * c + c * d + d;
        return layers * perLayer + embed + head;
    }
}
