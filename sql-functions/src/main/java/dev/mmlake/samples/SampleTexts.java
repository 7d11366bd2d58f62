package dev.mmlake.samples;

import java.util.Random;

/** Seeded educational-sounding paragraphs built from a small vocabulary. */
final class SampleTexts {
  private static final String[] SUBJECTS = {"Photosynthesis", "The water cycle", "Plate tectonics",
      "The French Revolution", "Cell division", "Compound interest", "The immune system",
      "Electric circuits", "Ancient Rome", "Climate zones", "Prime numbers", "Volcanoes",
      "The human heart", "Renewable energy", "Newton's laws", "The printing press"};
  private static final String[] VERBS = {"explains", "shapes", "influences", "describes",
      "connects", "transforms", "supports", "illustrates", "drives", "reveals"};
  private static final String[] OBJECTS = {"how living things store energy",
      "the movement of heat across the planet", "the way societies organise work",
      "patterns that students can observe in class", "the balance between cause and effect",
      "the growth of populations over time", "the structure of everyday materials",
      "questions that scientists still debate", "the flow of information between systems",
      "the history of ideas in Europe", "simple experiments with common objects"};
  private static final String[] CLOSERS = {"Teachers often use diagrams to make this clear.",
      "A short experiment at home can show the effect.",
      "This idea appears again in later chapters.",
      "Many exam questions test this concept.", "Historians still argue about the details.",
      "Try to explain it in your own words before moving on."};

  private SampleTexts() {
  }

  /** A document of 3 to 6 paragraphs. */
  static String document(Random r) {
    StringBuilder sb = new StringBuilder();
    int paragraphs = 3 + r.nextInt(4);
    for (int p = 0; p < paragraphs; p++) {
      if (p > 0) {
        sb.append("\n\n");
      }
      sb.append(paragraph(r));
    }
    return sb.toString();
  }

  static String paragraph(Random r) {
    StringBuilder sb = new StringBuilder();
    int sentences = 3 + r.nextInt(4);
    for (int s = 0; s < sentences; s++) {
      if (s > 0) {
        sb.append(' ');
      }
      sb.append(pick(r, SUBJECTS)).append(' ').append(pick(r, VERBS)).append(' ')
          .append(pick(r, OBJECTS)).append(", and it ").append(pick(r, VERBS)).append(' ')
          .append(pick(r, OBJECTS)).append('.');
    }
    return sb.append(' ').append(pick(r, CLOSERS)).toString();
  }

  private static String pick(Random r, String[] words) {
    return words[r.nextInt(words.length)];
  }
}
