// Which initializers the lab's `--gain` applies to.
import Micrograd

/// Whether the lab's `--gain` reaches `initializer`: kaiming* always (PyTorch's gain of the activation, its slope
/// included), the others when their name takes a gain and LSUV does not choose the weights.
func initializerUsesGain(_ initializer: WeightInitializer, name: String, lsuv: Bool) -> Bool {
  switch initializer {
  case .kaimingNormal, .kaimingUniform: true
  default: !lsuv && WeightInitializer.nameTakesGain(name)
  }
}
