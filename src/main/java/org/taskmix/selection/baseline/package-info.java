/**
 * Baseline mixtures: one class per rule, all registered in
 * {@link org.taskmix.selection.Baselines#ALL} (docs/theory.md §12).
 */
package org.taskmix.selection.baseline;
