package org.taskmix.cli;

import picocli.CommandLine.Option;

/**
 * {@code --model lsa|transformer[:PRESET]}: which model the commands that train one train
 * ({@code validate}, {@code compare --validate}; a picocli mixin). The help line differs per
 * command and is keyed {@code taskmix.COMMAND.model} in {@code OptionHelp.properties}.
 */
public final class ModelOption {

    @Option(names = "--model", paramLabel = "lsa|transformer[:PRESET]", defaultValue = "lsa", descriptionKey = "model",
            description = "Model to train: lsa (default) or the transformer (settings.transformer; docs/theory.md section 9).")
    String model;

    /** True for the transformer (any preset), false for the linear self-attention model. */
    boolean transformer() {
        return TransformerCommands.isTransformer(model);
    }

    /** The spelling given, e.g. {@code transformer:small}. */
    String spelling() {
        return model;
    }
}
