/**
 * The paper's experiments ({@code reproduce}): compute vs context length, overthinking and task
 * selection, each a set of series trained, measured and predicted through the one study engine
 * {@link org.taskmix.study.Study}, with the paper's claims checked (docs/theory.md §11, §12).
 * Numerical: no Jackson, picocli or chart library here (LayeringTest).
 */
package org.taskmix.study.experiments;
