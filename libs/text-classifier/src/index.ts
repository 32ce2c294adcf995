export { expectedCalibrationError, fitTemperature, softmax } from './calibration';
export { labelledDocumentsFromCsv, parseCsv } from './csv';
export { DEFAULT_FEATURES, type Document, type FeatureOptions } from './features';
export { evaluate, type ClassReport, type Evaluation } from './metrics';
export { predict, type Head, type HeadPrediction, type Prediction, type TextClassifierModel, type TrainingSummary } from './model';
export { stratifiedFolds, stratifiedSplit } from './random';
export { deserializeModel, serializeModel } from './serialize';
export { DEFAULT_TRAINING, trainClassifier, type LabelledDocument, type TrainOptions } from './trainer';
