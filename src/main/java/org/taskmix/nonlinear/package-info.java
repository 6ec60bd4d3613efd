/**
 * The transformer check (docs/theory.md §9): a GPT-2-style decoder trained on a task mixture
 * through DJL with the PyTorch engine, measured with test-time chain of thought like the LSA
 * model. The only package that imports {@code ai.djl}; {@link org.taskmix.nonlinear.EngineCheck}
 * itself does not, so callers can ask whether the engine is present without loading it.
 */
package org.taskmix.nonlinear;
