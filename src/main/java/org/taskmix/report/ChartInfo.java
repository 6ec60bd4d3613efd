package org.taskmix.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a chart method wrote: the PNG file, its size, the legend entries in order, and notes about
 * anything that could not be drawn as given (points skipped on a log axis, tasks left out, …).
 * Callers put the notes next to the figure (e.g. in the HTML caption) so nothing is hidden.
 *
 * @param file   the PNG written
 * @param width  image width in pixels
 * @param height image height in pixels
 * @param legend legend labels, top to bottom
 * @param notes  human-readable notes; empty when everything was drawn as given
 */
public record ChartInfo(Path file, int width, int height, List<String> legend, List<String> notes) {

    public ChartInfo {
        Objects.requireNonNull(file, "file");
        legend = List.copyOf(legend);
        notes = List.copyOf(notes);
    }
}
