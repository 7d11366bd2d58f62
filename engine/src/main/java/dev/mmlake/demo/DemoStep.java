package dev.mmlake.demo;

/** One step of the end-to-end demo. */
public interface DemoStep {
  String title();

  void run(Demo.Context ctx);
}
