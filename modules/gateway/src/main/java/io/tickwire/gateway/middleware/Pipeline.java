package io.tickwire.gateway.middleware;

import io.tickwire.gateway.endpoint.FrameContext;
import java.util.List;
import java.util.function.Consumer;

/** The ordered middleware chain, then the route. Stateless; shared by a gateway instance's sessions. */
public final class Pipeline {

  private final List<Middleware> stages;
  private final Consumer<FrameContext> route;

  public Pipeline(List<Middleware> stages, Consumer<FrameContext> route) {
    this.stages = List.copyOf(stages);
    this.route = route;
  }

  public void handle(FrameContext context) {
    for (Middleware stage : stages) {
      stage.handle(context);
      if (context.stopped()) {
        return;
      }
    }
    route.accept(context);
  }
}
