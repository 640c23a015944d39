package io.twotower.recsys.cli;

import io.twotower.recsys.inspect.ModelSummary;
import io.twotower.recsys.model.TwoTowerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Describes a trained model: each tower's layers with output shapes and parameter counts,",
                "weight statistics per layer, and the names of the features each tower takes."})
final class InspectCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();
    @Mixin ModelOptions modelOptions = new ModelOptions();

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        TwoTowerModel model = modelOptions.load();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Model file: " + modelOptions.model);
        out.print(ModelSummary.of(model).format());
        out.flush();
        return 0;
    }
}
