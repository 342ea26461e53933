/// Micrograd: a scalar reverse-mode autograd engine for teaching weight initialization.
///
/// `import Micrograd` brings in the four layers of the package, the way swift-numerics'
/// `Numerics` re-exports `RealModule` and `ComplexModule`:
///
/// - `MicrogradEngine`: `Value`, its operations and `backward()` — karpathy/micrograd's `engine.py`.
/// - `MicrogradNN`: neurons, layers, MLPs, initializers, `calculateGain`, losses, optimizers, training.
/// - `MicrogradLab`: traces, probes, statistics, mean-field theory and plots — what a teacher uses to look.
/// - `MicrogradPages`: an experiment written as a notebook page (HTML, Jupyter, Markdown, JSON).
///
/// Each is also a product of its own. `Docs/Architecture.md` draws the layers.
@_exported import MicrogradEngine
@_exported import MicrogradLab
@_exported import MicrogradNN
@_exported import MicrogradPages
