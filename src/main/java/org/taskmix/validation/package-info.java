/**
 * The LSA model, prompt sampling, training, test-time CoT and Monte-Carlo error (docs/formats.md).
 * (Placeholder so the layering test finds every layer; the validation branch fills it.)
 */
package org.taskmix.validation;
