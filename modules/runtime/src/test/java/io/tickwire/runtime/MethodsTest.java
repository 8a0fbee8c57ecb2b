package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Request methods")
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MethodsTest {

  @Test
  @DisplayName("a registered method answers the call with its data and sees the caller")
  void answers(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.echo", call -> Future.succeededFuture(new JsonObject()
            .put("method", call.method()).put("user", call.user())
            .put("got", call.data().getInteger("n"))))
        .completion()
        .compose(ignored -> Methods.call(vertx, "test.echo", new JsonObject().put("n", 7),
            "alice", 5_000))
        .onComplete(test.succeeding(data -> test.verify(() -> {
          assertThat(data).isEqualTo(new JsonObject().put("method", "test.echo")
              .put("user", "alice").put("got", 7));
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a method may answer any JSON value, including none")
  void anyValue(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.count", call -> Future.succeededFuture(3)).completion()
        .compose(ignored -> Methods.register(vertx, "test.nothing",
            call -> Future.succeededFuture()).completion())
        .compose(ignored -> Methods.call(vertx, "test.count", new JsonObject(), null, 5_000))
        .compose(count -> {
          test.verify(() -> assertThat(count).isEqualTo(3));
          return Methods.call(vertx, "test.nothing", new JsonObject(), null, 5_000);
        })
        .onComplete(test.succeeding(nothing -> test.verify(() -> {
          assertThat(nothing).isNull();
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a method without a token sees no user, and requireUser refuses it with unauthorized")
  void anonymousCaller(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.mine", call -> Future.succeededFuture(call.requireUser()))
        .completion()
        .compose(ignored -> Methods.call(vertx, "test.mine", new JsonObject(), null, 5_000))
        .onComplete(test.failing(failure -> test.verify(() -> {
          ProtocolException refusal = (ProtocolException) failure;
          assertThat(refusal.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(refusal.getMessage()).isEqualTo("test.mine needs a token");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a ProtocolException failing the handler's future keeps its code and message")
  void refusalKeepsCode(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.refuse", call -> Future.failedFuture(
            new ProtocolException(ErrorCode.FORBIDDEN, "not for you")))
        .completion()
        .compose(ignored -> Methods.call(vertx, "test.refuse", new JsonObject(), "bob", 5_000))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(ProtocolException.class);
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.FORBIDDEN);
          assertThat(failure.getMessage()).isEqualTo("not for you");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a ProtocolException thrown by the handler keeps its code and message")
  void thrownRefusalKeepsCode(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.throwRefusal", call -> {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "easy");
    }).completion()
        .compose(ignored -> Methods.call(vertx, "test.throwRefusal", new JsonObject(), null,
            5_000))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(failure.getMessage()).isEqualTo("easy");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a RuntimeException thrown by the handler reaches the caller as internal, without its message")
  void thrownBecomesInternal(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.boom", call -> {
      throw new IllegalStateException("secret detail");
    }).completion()
        .compose(ignored -> Methods.call(vertx, "test.boom", new JsonObject(), null, 5_000))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.INTERNAL);
          assertThat(failure.getMessage()).isEqualTo("internal error")
              .doesNotContain("secret detail");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a call of a method nobody offers fails with not_found")
  void noHandler(Vertx vertx, VertxTestContext test) {
    Methods.call(vertx, "nobody.home", new JsonObject(), null, 5_000)
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.NOT_FOUND);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a call the method does not answer in time fails with timeout")
  void timeout(Vertx vertx, VertxTestContext test) {
    Methods.register(vertx, "test.silent", call -> Future.future(never -> { })).completion()
        .compose(ignored -> Methods.call(vertx, "test.silent", new JsonObject(), null, 200))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.TIMEOUT);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a withdrawn method is no longer found")
  void unregister(Vertx vertx, VertxTestContext test) {
    var consumer = Methods.register(vertx, "test.once", call -> Future.succeededFuture(1));
    consumer.completion()
        .compose(ignored -> consumer.unregister())
        .compose(ignored -> Methods.call(vertx, "test.once", new JsonObject(), null, 5_000))
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(((ProtocolException) failure).code()).isEqualTo(ErrorCode.NOT_FOUND);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("refuses to register a name that is not a method name")
  void badName(Vertx vertx) {
    assertThatThrownBy(() -> Methods.register(vertx, "Echo", call -> Future.succeededFuture()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Echo");
  }

  @Test
  @DisplayName("maps failures that are not refusals to internal")
  void errorOfOther() {
    assertThat(Methods.errorOf(new RuntimeException("x")).code()).isEqualTo(ErrorCode.INTERNAL);
    ProtocolException own = new ProtocolException(ErrorCode.TOO_LARGE, "big");
    assertThat(Methods.errorOf(own)).isSameAs(own);
  }
}
