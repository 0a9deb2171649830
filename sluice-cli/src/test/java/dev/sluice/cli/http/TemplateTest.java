package dev.sluice.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.job.PermanentFailure;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode row(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void substitutesJsonValuesSoTheBodyStaysValidJson() throws Exception {
    Template t = Template.parse("{\"text\": ${.text}, \"n\": ${.n}, \"user\": ${.user}, \"name\": ${.user.name}}",
        Template.Encoding.JSON);
    String body = t.render(row("{\"text\":\"a \\\"quoted\\\"\\nline\",\"n\":3,\"user\":{\"name\":\"Zoë\"}}"));
    assertThat(JSON.readTree(body).path("text").asText()).isEqualTo("a \"quoted\"\nline");
    assertThat(JSON.readTree(body).path("n").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(body).path("user").path("name").asText()).isEqualTo("Zoë");
    assertThat(JSON.readTree(body).path("name").asText()).isEqualTo("Zoë");
  }

  @Test
  void aRowCannotBreakOutOfTheTemplate() throws Exception {
    Template t = Template.parse("{\"text\": ${.text}}", Template.Encoding.JSON);
    String body = t.render(row("{\"text\":\"\\\"}, \\\"admin\\\": true, \\\"x\\\": {\\\"\"}"));
    assertThat(JSON.readTree(body).size()).isEqualTo(1);
  }

  @Test
  void wholeRowDollarEscapeAndUrlEncoding() throws Exception {
    assertThat(Template.parse("${.}", Template.Encoding.JSON).render(row("{\"a\":1}")))
        .isEqualTo("{\"a\":1}");
    assertThat(Template.parse("{\"price\": \"$$5\"}", Template.Encoding.JSON).render(row("{}")))
        .isEqualTo("{\"price\": \"$5\"}");
    assertThat(Template.parse("http://h/s?q=${.q}&n=${.n}", Template.Encoding.URL)
        .render(row("{\"q\":\"a b/c?&=é\",\"n\":7}")))
        .isEqualTo("http://h/s?q=a%20b%2Fc%3F%26%3D%C3%A9&n=7");
  }

  @Test
  void missingFieldFailsTheRowNotTheJob() throws Exception {
    Template t = Template.parse("{\"text\": ${.text}}", Template.Encoding.JSON);
    assertThatThrownBy(() -> t.render(row("{\"other\":1}")))
        .isInstanceOf(PermanentFailure.class).hasToString("the row has no field for ${.text} of the template");
  }

  @Test
  void malformedTemplatesAreExplained() {
    assertThatThrownBy(() -> Template.parse("{\"a\": ${.a}", Template.Encoding.JSON).requireJson())
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Template.parse("{\"a\": \"${.a}\"}", Template.Encoding.JSON).requireJson())
        .hasMessageContaining("not {\"text\": \"${.text}\"}");
    assertThatThrownBy(() -> Template.parse("${HOME}", Template.Encoding.JSON))
        .hasMessageContaining("must name a row field starting with '.'");
    assertThatThrownBy(() -> Template.parse("x ${.a", Template.Encoding.JSON))
        .hasMessageContaining("unclosed placeholder at character 3");
    assertThatThrownBy(() -> Template.parse("${.a..b}", Template.Encoding.JSON))
        .hasMessageContaining("empty field name");
  }
}
