package org.taskmix.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per mixture name for every plot of a run, so a mixture is recognised from plot to
 * plot. The mixtures every command knows have fixed colours (uniform is always grey, the
 * surrogate optimum always blue, …); the first {@code exact:K@M} of a run takes the exact
 * optimum's green; other names (a weights file, a second exact budget) take the remaining colours
 * in the order the run lists them.
 */
public final class Palette {

    /** Fixed colours of the built-in mixture names (Tableau 10; grey for the uniform reference). */
    private static final Map<String, Color> FIXED = new LinkedHashMap<>();

    static {
        FIXED.put("uniform", new Color(0x7F7F7F));
        FIXED.put("optimal", new Color(0x4E79A7));
        FIXED.put("surrogate", new Color(0x4E79A7));
        FIXED.put("exact", new Color(0x59A14F));
        FIXED.put("size", new Color(0xF28E2B));
        FIXED.put("hardness", new Color(0xE15759));
        FIXED.put("relevance", new Color(0x76B7B2));
        FIXED.put("best-single", new Color(0x9C755F));
        FIXED.put("easy-only", new Color(0xEDC948));
        FIXED.put("hard-only", new Color(0xB07AA1));
        FIXED.put("target-nearest", new Color(0xBAB0AC));
    }

    /** Colours handed to other names, in order; none is one of the fixed colours. */
    private static final Color[] FREE = {
        new Color(0xFF9DA7), new Color(0x1B9E77), new Color(0xD95F02), new Color(0x7570B3), new Color(0xE7298A),
        new Color(0x66A61E), new Color(0xA6761D), new Color(0x1F78B4),
    };

    private final Map<String, Color> colours;

    private Palette(Map<String, Color> colours) {
        this.colours = colours;
    }

    /** A palette for these names (fixed colours for built-in names, the rest in order). */
    public static Palette of(List<String> names) {
        Map<String, Color> m = new LinkedHashMap<>();
        int free = 0;
        for (String n : names) {
            if (m.containsKey(n)) {
                continue;
            }
            Color fixed = fixed(n, m);
            if (fixed != null) {
                m.put(n, fixed);
            } else {
                m.put(n, darker(FREE[free % FREE.length], free / FREE.length));
                free++;
            }
        }
        return new Palette(m);
    }

    /**
     * The colour of {@code name}; a name the palette was not made with gets the next free
     * colour (remembered, so it keeps it).
     */
    public Color colour(String name) {
        Color c = colours.get(name);
        if (c != null) {
            return c;
        }
        Color fixed = fixed(name, colours);
        long used = colours.keySet().stream().filter(n -> !FIXED.containsValue(colours.get(n))).count();
        c = fixed != null ? fixed : darker(FREE[(int) (used % FREE.length)], (int) (used / FREE.length));
        colours.put(name, c);
        return c;
    }

    /** The fixed colour of {@code name}, or null; an exact spec takes exact's if still unused. */
    private static Color fixed(String name, Map<String, Color> taken) {
        Color c = FIXED.get(name);
        if (c == null && name.startsWith("exact:") && !taken.containsValue(FIXED.get("exact"))) {
            c = FIXED.get("exact");
        }
        return c;
    }

    private static Color darker(Color c, int round) {
        double f = Math.pow(0.72, round);
        return new Color((int) (c.getRed() * f), (int) (c.getGreen() * f), (int) (c.getBlue() * f));
    }
}
