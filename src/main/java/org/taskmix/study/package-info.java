/**
 * Studies: one engine that scores named mixtures of a problem on every evaluation asked for
 * (surrogate objective, exact objective {@code J_K} at a stated {@code m}, predicted curve,
 * trained model), one vocabulary of mixture names ({@link org.taskmix.study.MixtureSpec}), test
 * lengths ({@link org.taskmix.study.TestLength}) and task filters
 * ({@link org.taskmix.study.TaskFilter}). docs/theory.md §12 says what they mean. Numerical: no
 * Jackson, picocli or chart library here (LayeringTest).
 */
package org.taskmix.study;
