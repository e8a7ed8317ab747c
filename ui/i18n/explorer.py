"""UI strings of the explorer page."""

STRINGS: dict[str, dict[str, str]] = {
    "explorer.title": {"ko": "모델 탐색기", "en": "Model explorer"},
    "explorer.intro": {
        "ko": "학습된 CNN의 속을 들여다봅니다. 층의 구조와 파라미터 수, 합성곱 필터, 이미지 한 장이 층을 지나며 바뀌는 모습(활성화 맵), 그리고 모델이 어디를 보고 판단했는지(Grad-CAM)를 확인해 보세요.",
        "en": "Look inside a trained CNN: its layers and parameter counts, its convolution filters, how one image changes as it passes through the layers (activation maps), and where the model looked to decide (Grad-CAM).",
    },
    # model choice
    "explorer.model_source": {"ko": "모델 가져오기", "en": "Model source"},
    "explorer.model_source.catalog": {
        "ko": "기본 제공 모델·학습 실행",
        "en": "Shipped models and training runs",
    },
    "explorer.model_source.upload": {"ko": ".keras 파일 올리기", "en": "Upload a .keras file"},
    # {mb}: the model limit (cnn_core.model_files.MAX_BYTES); the browser keeps larger files back
    "explorer.upload_label": {
        "ko": "Keras 모델 파일 (.keras · 최대 {mb} MB)",
        "en": "Keras model file (.keras; up to {mb} MB)",
    },
    "explorer.upload_help": {
        "ko": "Keras 3 형식의 .keras 파일만 받습니다 (최대 {limit} MB). Lambda 층처럼 코드가 들어 있는 모델은 안전 모드에서 열지 않습니다.",
        "en": "Only Keras 3 .keras files are accepted (at most {limit} MB). Models that carry code, such as a Lambda layer, are not opened in safe mode.",
    },
    "explorer.upload_prompt": {
        "ko": 'model.save("이름.keras")로 저장한 모델 파일을 올려 보세요.',
        "en": 'Upload a model saved with model.save("name.keras").',
    },
    "explorer.upload_ok": {
        "ko": "올린 모델을 열었습니다: {name} (파라미터 {params}개).",
        "en": "Opened the uploaded model {name} ({params} parameters).",
    },
    "explorer.upload_classes_note": {
        "ko": "올린 파일에는 클래스 이름이 없어서 클래스를 0, 1, 2… 번호로 표시합니다.",
        "en": "An uploaded file carries no class names, so classes are shown as numbers 0, 1, 2…",
    },
    "explorer.reject.empty": {
        "ko": '{name}: 빈 파일입니다(0바이트). model.save("이름.keras")로 다시 저장해서 올려 주세요.',
        "en": '{name}: The file is empty (0 bytes). Save the model again with model.save("name.keras") and upload that.',
    },
    "explorer.reject.too_large": {
        "ko": "{name}: 파일이 너무 큽니다 ({size}). {limit} MB까지 올릴 수 있습니다.",
        "en": "{name}: The file is too large ({size}). The limit is {limit} MB.",
    },
    "explorer.reject.hdf5": {
        "ko": '{name}: 예전 HDF5(.h5) 형식의 파일입니다. Keras 3에서 model.save("이름.keras")로 다시 저장해서 올려 주세요.',
        "en": '{name}: This is an old HDF5 (.h5) file. Save it again with Keras 3 as model.save("name.keras") and upload that.',
    },
    "explorer.reject.not_zip": {
        "ko": "{name}: Keras 모델 파일이 아닙니다 ({size}). .keras 파일은 zip 묶음이어야 합니다.",
        "en": "{name}: This is not a Keras model file ({size}). A .keras file is a zip archive.",
    },
    "explorer.reject.not_keras": {
        "ko": "{name}: zip 파일이지만 Keras 모델에 필요한 파일이 없습니다 ({missing}).",
        "en": "{name}: This is a zip file, but without {missing}, which a Keras model needs.",
    },
    "explorer.reject.bad_config": {
        "ko": "{name}: Keras 모델 파일처럼 보이지만 그 안의 config.json을 읽을 수 없습니다.",
        "en": "{name}: It looks like a Keras model file, but its config.json cannot be read.",
    },
    "explorer.reject.zip_bomb": {
        "ko": "{name}: 압축을 풀면 비정상적으로 커지는 파일(zip 폭탄)이라 열지 않았습니다.",
        "en": "{name}: This file would expand to an implausible size (a zip bomb), so it was not opened.",
    },
    "explorer.reject.unsafe": {
        "ko": "{name}: Lambda 층처럼 실행 코드가 들어 있는 모델입니다. 안전을 위해 열지 않습니다.",
        "en": "{name}: The model contains executable code (such as a Lambda layer). It is not opened, for safety.",
    },
    # the four shape refusals: {inputs} / {outputs} are Keras's shapes, "(None, 28, 28, 1)"
    "explorer.reject.input_not_image": {
        "ko": "{name}: 이 모델의 입력은 {inputs}입니다. 이 앱은 이미지 한 장을 받는 모델, 곧 입력이 하나이고 그 모양이 (None, 높이, 너비, 1)(흑백)이나 (None, 높이, 너비, 3)(컬러)인 모델만 엽니다. 모델을 keras.Input(shape=(28, 28, 1))처럼 이미지 입력으로 시작해서 만들고 저장한 다음 올려 주세요.",
        "en": "{name}: This model's input is {inputs}. The app opens only models that take one image: a single input shaped (None, height, width, 1) for grey or (None, height, width, 3) for colour. Build the model to start from an image input such as keras.Input(shape=(28, 28, 1)), save it and upload that file.",
    },
    "explorer.reject.input_channels": {
        "ko": "{name}: 이 모델의 입력은 {inputs}입니다. 마지막 수인 채널 수가 1(흑백)이나 3(컬러 RGB)이어야 하는데 그렇지 않습니다. 이 앱은 이미지를 흑백이나 RGB로만 만들어 넣습니다. 채널이 1개나 3개인 입력으로 모델을 만들어 저장한 다음 올려 주세요.",
        "en": "{name}: This model's input is {inputs}. Its last number, the channels, must be 1 (grey) or 3 (RGB colour): the app makes only grey or RGB images to feed a model. Build the model for 1 or 3 channels, save it and upload that file.",
    },
    "explorer.reject.input_size_unknown": {
        "ko": "{name}: 이 모델의 입력은 {inputs}로, 높이와 너비가 정해져 있지 않습니다(None). 이 앱은 이미지를 모델의 입력 크기로 바꿔서 넣는데, 모델이 어떤 크기로 학습했는지는 파일에 없습니다. keras.Input(shape=(28, 28, 1))처럼 학습한 크기를 정한 입력으로 같은 모델을 만들고, new_model.set_weights(model.get_weights())로 가중치를 옮겨 저장한 다음 올려 주세요.",
        "en": "{name}: This model's input is {inputs}: its height and width are not fixed (None). The app resizes every image to the model's input size, and the file does not say at which size the model was trained. Build the same model on an input of that size, such as keras.Input(shape=(28, 28, 1)), copy the weights with new_model.set_weights(model.get_weights()), save it and upload that file.",
    },
    "explorer.reject.output_not_scores": {
        "ko": '{name}: 이 모델의 출력은 {outputs}입니다. 이 앱은 클래스 점수 벡터 하나, 곧 모양이 (None, 클래스 수)인 출력 하나를 내는 모델만 엽니다. 마지막 층을 Dense(클래스 수, activation="softmax") 하나로 두고 저장한 다음 올려 주세요.',
        "en": '{name}: This model\'s output is {outputs}. The app opens only models with one output, a vector of class scores shaped (None, classes). End the model with one Dense(classes, activation="softmax") layer, save it and upload that file.',
    },
    "explorer.reject.too_few_classes": {
        "ko": '{name}: 이 모델은 클래스 점수를 {classes}개만 냅니다. 분류하려면 고를 클래스가 2개 이상이어야 합니다. 시그모이드 출력 하나로 예/아니오를 가리는 모델은 마지막 층을 Dense(2, activation="softmax")로 바꿔 저장한 다음 올려 주세요.',
        "en": '{name}: This model outputs {classes} class score(s); a classifier needs at least 2 classes to choose between. For a yes/no model with one sigmoid output, make the last layer Dense(2, activation="softmax"), save it and upload that file.',
    },
    "explorer.bytes": {"ko": "{count}바이트", "en": "{count} bytes"},
    "explorer.reject.input_too_large": {
        "ko": "{name}: 이 모델의 입력 크기는 {shape}(높이×너비×채널)입니다. 이 앱은 높이와 너비가 각각 {max_side}픽셀 이하인 모델만 엽니다. 입력이 크면 층마다 만드는 활성화 맵도 커져서 반 전체가 함께 쓰는 서버의 메모리가 모자랄 수 있기 때문입니다. 입력 크기를 줄인 모델(예: 224×224)을 만들어 저장한 다음 올려 주세요.",
        "en": "{name}: This model's input is {shape} (height × width × channels). The app opens only models whose input is at most {max_side} pixels high and wide: a larger input makes larger activation maps in every layer, which could exhaust the memory of the server the whole class shares. Build the model for a smaller input (e.g. 224×224), save it and upload that file.",
    },
    "explorer.reject.activations_too_large": {
        "ko": "{name}: 이 모델은 이미지 한 장을 처리할 때 모든 층의 활성화 맵을 합쳐 약 {activations} MB를 만듭니다. 반 전체가 서버를 함께 쓰기 때문에 이 앱은 이미지 한 장에 {max_activations} MB까지만 허용합니다. 필터 수나 입력 크기를 줄인 모델을 저장해서 올려 주세요.",
        "en": "{name}: For one image, this model's layers make about {activations} MB of activation maps in all. The whole class shares the server, so the app allows at most {max_activations} MB per image. Use fewer filters or a smaller input, save the model and upload that file.",
    },
    "explorer.reject.custom_class": {
        "ko": "{name}: 이 모델에는 앱이 모르는 사용자 정의 클래스(직접 만든 층 등)가 있습니다: {custom}. 이 앱은 Keras에 들어 있는 층만 불러올 수 있습니다. Keras 기본 층만으로 모델을 만들어 저장한 다음 올려 주세요.",
        "en": "{name}: This model holds a custom class the app does not know (a layer of your own, for example): {custom}. The app can load only the layers that come with Keras. Build the model from Keras's own layers, save it and upload that file.",
    },
    "explorer.reject.load_failed": {
        "ko": "{name}: Keras가 이 파일을 열지 못했습니다. 파일이 손상되었거나 다른 버전에서 만든 것일 수 있습니다.",
        "en": "{name}: Keras could not open this file. It may be damaged or made by another version.",
    },
    # {names}: the model's and layers' names TensorFlow refuses (cnn_core.model_files.SCOPE_NAME)
    "explorer.reject.bad_names": {
        "ko": '{name}: 이 모델에는 TensorFlow가 받지 않는 글자가 들어간 이름이 있습니다: {names}. 층과 모델의 이름에는 영문자, 숫자와 _ . - > 만 쓸 수 있습니다(한글이나 띄어쓰기는 안 됩니다). 같은 모델을 name="conv1"처럼 영문 이름으로 다시 만들고, new_model.set_weights(model.get_weights())로 가중치를 옮겨 저장한 다음 올려 주세요.',
        "en": '{name}: This model has names with characters TensorFlow does not accept: {names}. Layer and model names may hold only letters A–Z, digits and _ . - > (no Korean letters, no spaces). Build the same model again with names such as name="conv1", copy the weights with new_model.set_weights(model.get_weights()), save it and upload that file.',
    },
    "explorer.reject.cannot_run": {
        "ko": "{name}: Keras가 이 파일을 열었지만, 빈 이미지로 시험해 보니 TensorFlow에서 실행되지 않습니다. 모델이 model.predict로 실행되는지 확인하고 다시 저장해서 올려 주세요. TensorFlow의 메시지(영어): {error}",
        "en": "{name}: Keras opened this file, but the model does not run in TensorFlow on a blank image. Check that the model runs with model.predict, save it again and upload that file. TensorFlow's message: {error}",
    },
    # the model's line: accuracy (of the saved model only) · parameters
    "explorer.card_accuracy": {
        "ko": "정확도 {accuracy} (측정: {measured_on})",
        "en": "Accuracy {accuracy} (measured on {measured_on})",
    },
    "explorer.card_params": {"ko": "파라미터 {params}개", "en": "{params} parameters"},
    # views
    "explorer.view": {"ko": "보기", "en": "View"},
    "explorer.view.architecture": {"ko": "구조", "en": "Architecture"},
    "explorer.view.filters": {"ko": "필터", "en": "Filters"},
    "explorer.view.activations": {"ko": "활성화 맵", "en": "Activation maps"},
    "explorer.view.dream": {"ko": "필터가 보고 싶은 것", "en": "What a filter wants to see"},
    "explorer.view.compare": {"ko": "두 모델 나란히", "en": "Two models side by side"},
    # architecture
    "explorer.input_node": {"ko": "입력", "en": "Input"},
    "explorer.arch_explain": {
        "ko": "이미지는 위에서 아래로 흐릅니다. 합성곱층은 필터마다 특성 맵을 하나씩 계산하고 활성화 함수를 적용해 활성화 맵으로 내보내며, 풀링층은 맵의 크기를 절반으로 줄입니다. Flatten은 맵들을 한 줄로 펼치고, 완전연결층(Dense)이 그 값을 모두 모아 클래스를 고릅니다. 아래 표의 '계산식' 열은 각 층의 파라미터 수가 모양에서 어떻게 나오는지 보여 줍니다.",
        "en": "The image flows from top to bottom. A convolution layer computes one feature map per filter and passes it through its activation function, so it outputs activation maps; a pooling layer halves the maps' size. Flatten lays the maps out in one line, and the dense layers combine all those values to pick a class. The 'Formula' column below shows how each layer's parameter count follows from the shapes.",
    },
    "explorer.col.name": {"ko": "층 이름", "en": "Layer"},
    "explorer.col.type": {"ko": "종류", "en": "Type"},
    "explorer.col.shape": {"ko": "출력 모양", "en": "Output shape"},
    "explorer.col.formula": {"ko": "계산식", "en": "Formula"},
    "explorer.col.params": {"ko": "파라미터 (Keras)", "en": "Parameters (Keras)"},
    "explorer.params_sum": {
        "ko": "계산식 열의 합 **{formula_sum}** = Keras가 센 전체 파라미터 수 **{total}** ✓",
        "en": "Sum of the formula column **{formula_sum}** = Keras's total parameter count **{total}** ✓",
    },
    "explorer.params_mismatch": {
        "ko": "계산식 열의 합({formula_sum}개)이 Keras가 센 전체 파라미터 수({total}개)와 다릅니다.",
        "en": "The formula column sums to {formula_sum}, but Keras counts {total} parameters.",
    },
    # filters
    "explorer.no_conv": {
        "ko": "이 모델에는 합성곱층이 없습니다.",
        "en": "This model has no convolution layer.",
    },
    "explorer.conv_layer": {"ko": "합성곱층", "en": "Convolution layer"},
    "explorer.filter_shape": {
        "ko": "{name}: {kh}×{kw} 커널, 입력 채널 {c_in}개, 필터 {count}개",
        "en": "{name}: kernels {kh}×{kw} · input channels: {c_in} · filters: {count}",
    },
    "explorer.filter": {"ko": "필터", "en": "filter"},
    "explorer.channel": {"ko": "입력 채널", "en": "input channel"},
    "explorer.filters_single": {
        "ko": "입력이 1채널(흑백)이라 필터 하나가 작은 가중치 판 하나입니다. 필터마다 하나씩 모두 보여 줍니다.",
        "en": "The input has one channel (grayscale), so each filter is a single small grid of weights. Every filter is shown.",
    },
    "explorer.filter_mode": {
        "ko": "입력 채널이 여럿인 필터 보기",
        "en": "Filters with several input channels, shown",
    },
    "explorer.filter_mode.average": {"ko": "입력 채널 평균", "en": "Averaged over input channels"},
    "explorer.filter_mode.channel": {
        "ko": "필터 하나를 채널별로",
        "en": "One filter, per input channel",
    },
    "explorer.filter_pick": {"ko": "필터", "en": "Filter"},
    "explorer.showing_average": {
        "ko": "이 층의 필터는 입력 채널 {c_in}개에 하나씩 커널을 가집니다. 여기서는 필터마다 그 {c_in}개 커널의 평균을 보여 줍니다.",
        "en": "Each filter of this layer holds one kernel per input channel ({c_in} of them). Shown here: the average of those {c_in} kernels, per filter.",
    },
    "explorer.showing_channels": {
        "ko": "필터 {index}의 커널을 입력 채널 {c_in}개 각각에 대해 보여 줍니다. 이 커널들을 적용한 결과를 모두 더하고 편향을 더하면 특성 맵 하나가 됩니다. 여기에 활성화 함수를 적용한 것이 ‘활성화 맵’ 보기에 나오는 맵입니다.",
        "en": "The kernels of filter {index}, one for each of the {c_in} input channels. The results of all of them are added, plus the bias, to make one feature map; the activation function then turns it into the map shown under ‘Activation maps’.",
    },
    "explorer.filters_explain": {
        "ko": "빨간 칸은 양의 가중치, 파란 칸은 음의 가중치입니다. 첫 층의 필터는 밝기가 바뀌는 곳, 즉 가장자리나 획의 방향에 반응하는 모양이 많습니다. 깊은 층의 필터는 앞 층의 활성화 맵들을 조합하므로 사람이 보기에는 덜 뚜렷합니다. 칸에 마우스를 올리면 가중치 값이 보입니다.",
        "en": "Red cells are positive weights, blue cells negative. First-layer filters often look like detectors of changes in brightness: edges and stroke directions. Deeper filters combine the previous layer's activation maps, so they are harder to read by eye. Hover over a cell to see its weight.",
    },
    "explorer.normalize_filters": {
        "ko": "필터마다 색 범위를 따로 맞추기 (끄면 모든 필터가 같은 색 범위)",
        "en": "Scale each filter's colours on its own (off: one colour range for all filters)",
    },
    "explorer.biases_header": {"ko": "편향", "en": "Biases"},
    "explorer.bias_axis": {"ko": "편향 값", "en": "Bias"},
    "explorer.filter_axis": {"ko": "필터 번호", "en": "Filter number"},
    # input
    "explorer.input_header": {"ko": "입력 이미지", "en": "Input image"},
    "explorer.input_source": {"ko": "입력 고르기", "en": "Input"},
    "explorer.input_source.test": {"ko": "테스트 이미지", "en": "Test image"},
    "explorer.input_source.image": {"ko": "내 이미지·예시", "en": "My image or a sample"},
    "explorer.test_class": {"ko": "클래스", "en": "Class"},
    "explorer.test_index": {"ko": "몇 번째 이미지", "en": "Which image"},
    "explorer.test_right": {"ko": "{n}번 · ✓ 모델이 맞힘", "en": "{n} · ✓ the model gets it right"},
    "explorer.test_wrong": {
        "ko": "{n}번 · ✗ 모델의 답: '{name}'",
        "en": "{n} · ✗ the model says {name}",
    },
    "explorer.image_prompt": {
        "ko": "이미지를 올리거나 예시를 고르세요. 예측 페이지와 같은 전처리를 거쳐 모델에 들어갑니다.",
        "en": "Upload an image or pick a sample. It goes through the same preprocessing as on the Predict page.",
    },
    "explorer.model_sees": {"ko": "모델이 보는 입력", "en": "What the model sees"},
    "explorer.true_label": {"ko": "정답: {name}", "en": "True class: {name}"},
    "explorer.steps": {"ko": "전처리 단계", "en": "Preprocessing steps"},
    "explorer.prediction": {
        "ko": "모델의 예측: **{name}** ({prob})",
        "en": "The model predicts **{name}** ({prob})",
    },
    "explorer.prob_axis": {"ko": "확률", "en": "Probability"},
    # Grad-CAM
    "explorer.gradcam_header": {
        "ko": "모델은 어디를 봤을까? (Grad-CAM)",
        "en": "Where did the model look? (Grad-CAM)",
    },
    "explorer.cam_class": {"ko": "설명할 클래스", "en": "Class to explain"},
    "explorer.cam_top": {"ko": "가장 높은 클래스 ({name})", "en": "Top class ({name})"},
    "explorer.gradcam_explain": {
        "ko": "마지막 합성곱층의 각 위치에서, 활성화 맵의 값에 그 클래스 점수(소프트맥스 전)의 기울기를 곱해 모든 맵에 걸쳐 더한 뒤 입력 크기로 늘린 것입니다. 원래의 Grad-CAM은 맵마다 기울기를 평균해 가중치 하나로 쓰지만, 평탄화 뒤 완전연결층이 오는 모델에서는 위치마다 가중치가 달라 그 평균이 서로 상쇄되므로, 위치마다 곱하는 형태(HiResCAM)를 씁니다. 마지막 합성곱층은 해상도가 낮아서 열 지도는 흐릿합니다.",
        "en": "At each position of the last convolution layer, each activation map's value is multiplied by the gradient of the class score (before the softmax) there, summed over the maps and stretched to the input size. The original Grad-CAM averages each map's gradients into one weight; after a Flatten and a Dense layer every position has its own weights and that average cancels out, so this page uses the per-position form (HiResCAM). The last convolution layer has a coarse resolution, so the heat map is blurry.",
    },
    # feature maps
    "explorer.maps_header": {"ko": "층별 활성화 맵", "en": "Activation maps, layer by layer"},
    "explorer.maps_explain": {
        "ko": "여기 보이는 맵은 활성화 맵입니다. 필터 하나가 이미지 전체를 훑으며 곱셈-누산하고 편향을 더한 특성 맵에 활성화 함수를 적용한 결과입니다 (이 모델의 활성화 함수: {activation}). 밝을수록 강하게 반응한 곳입니다. 앞쪽 층은 가장자리와 획 같은 단순한 모양에, 뒤쪽 층은 여러 특징이 모인 더 큰 부분에 반응하고, 풀링을 지날 때마다 맵이 작아집니다.",
        "en": "The maps shown here are activation maps: one filter's feature map (its multiply-accumulate over the whole image, plus the bias) passed through the activation function (in this model: {activation}). Brighter means a stronger response. Early layers respond to simple shapes such as edges and strokes, later layers to larger parts made of several features, and the maps shrink at every pooling layer.",
    },
    # {activation} of explorer.maps_explain: the conv layers' activation function(s)
    "explorer.activation.relu": {"ko": "ReLU(음수는 0)", "en": "ReLU (negatives become 0)"},
    "explorer.activation.tanh": {
        "ko": "tanh(값을 −1과 1 사이로 누름)",
        "en": "tanh (squeezes values into −1 to 1)",
    },
    "explorer.activation.sigmoid": {
        "ko": "시그모이드(값을 0과 1 사이로 누름)",
        "en": "sigmoid (squeezes values into 0 to 1)",
    },
    "explorer.activation.linear": {
        "ko": "없음(특성 맵 그대로)",
        "en": "none (the feature map as it is)",
    },
    "explorer.normalize_each": {
        "ko": "맵마다 밝기 범위를 따로 맞추기 (끄면 층 전체가 같은 색 범위)",
        "en": "Stretch each map's brightness on its own (off: one colour range for the whole layer)",
    },
    "explorer.map": {"ko": "맵", "en": "map"},
    "explorer.maps_scale_each": {
        "ko": "맵 번호는 1부터 시작해 왼쪽에서 오른쪽으로, 위에서 아래로 붙습니다. 맵마다 밝기 범위를 따로 맞췄습니다: 그 맵에서 가장 작은 값이 어두운 보라, 가장 큰 값이 밝은 노랑입니다.",
        "en": "Maps are numbered from 1, left to right, top to bottom. Each map is stretched on its own: its lowest value is dark purple, its highest bright yellow.",
    },
    "explorer.maps_scale": {
        "ko": "맵 번호는 1부터 시작해 왼쪽에서 오른쪽으로, 위에서 아래로 붙습니다. 층 전체가 같은 색 범위입니다: {low}(어두운 보라)부터 {high}(밝은 노랑)까지.",
        "en": "Maps are numbered from 1, left to right, top to bottom. One colour range for the whole layer: from {low} (dark purple) to {high} (bright yellow).",
    },
    "explorer.more_maps": {
        "ko": "맵 {total}개 중 처음 {shown}개만 보여 줍니다.",
        "en": "Showing the first {shown} of {total} maps.",
    },
    "explorer.not_finite_layer": {
        "ko": "이 층의 값에 유한한 수가 아닌 것(NaN 또는 무한대)이 있어 그릴 수 없습니다. 모델의 가중치가 망가졌습니다(값이 너무 크거나, 학습이 발산해 NaN이 됨).",
        "en": "This layer's values are not all finite numbers (NaN or infinity), so there is nothing to draw: the model's weights are broken (too large, or NaN after a training run that diverged).",
    },
    "explorer.not_finite_output": {
        "ko": "이 이미지에 대한 모델의 출력이 숫자가 아닙니다(NaN 또는 무한대). 모델의 가중치가 망가져서(값이 너무 크거나, 학습이 발산해 NaN이 됨) 예측을 할 수 없습니다. 구조와 필터 보기는 그대로 쓸 수 있습니다.",
        "en": "The model's output for this image is not a number (NaN or infinity): its weights are broken (too large, or NaN after a training run that diverged), so it predicts nothing. The architecture and the filters can still be viewed.",
    },
    "explorer.unit_axis": {"ko": "출력 값", "en": "Output value"},
    "explorer.explain.conv_first": {
        "ko": "첫 합성곱층: 필터마다 가장자리, 선의 방향, 밝고 어두운 경계 같은 단순한 무늬가 있는 곳이 밝게 나타납니다.",
        "en": "First convolution layer: each filter lights up where a simple pattern is, such as an edge, a line direction or a light/dark boundary.",
    },
    "explorer.explain.conv_deep": {
        "ko": "깊은 합성곱층: 앞 층의 맵들을 조합해서 모서리, 곡선, 물체의 한 부분처럼 더 넓고 복잡한 특징에 반응합니다.",
        "en": "Deeper convolution layer: it combines the previous maps and responds to larger, more complex features such as corners, curves and parts of the object.",
    },
    "explorer.explain.pool": {
        "ko": "풀링층: 2×2 칸마다 하나의 값만 남겨 맵을 절반 크기로 줄입니다. 특징이 조금 움직여도 결과가 덜 바뀝니다.",
        "en": "Pooling layer: keeps one value per 2×2 window, halving the map. The result changes less when a feature moves slightly.",
    },
    "explorer.explain.flatten": {
        "ko": "Flatten: 모든 활성화 맵을 한 줄의 숫자로 펼칩니다. 값은 그대로이고 모양만 바뀝니다.",
        "en": "Flatten: lays all activation maps out as one line of numbers. The values stay the same; only the shape changes.",
    },
    "explorer.explain.dense": {
        "ko": "완전연결층(Dense): 뉴런 하나하나가 앞의 모든 값을 가중합해서 '이 특징들의 조합이 있는가'를 판단합니다.",
        "en": "Dense layer: every neuron takes a weighted sum of all previous values, judging whether a certain combination of features is present.",
    },
    "explorer.explain.dropout": {
        "ko": "Dropout: 학습할 때만 일부 값을 무작위로 0으로 만듭니다. 예측할 때는 값을 그대로 통과시킵니다.",
        "en": "Dropout: sets random values to 0 during training only. When predicting, it passes the values through unchanged.",
    },
    "explorer.explain.other": {
        "ko": "이 층의 출력입니다.",
        "en": "This layer's output.",
    },
    "explorer.explain.output": {
        "ko": "출력층: softmax가 점수를 확률로 바꿉니다. 모두 더하면 1이고, 가장 큰 값이 예측한 클래스입니다.",
        "en": "Output layer: softmax turns the scores into probabilities. They add up to 1, and the largest one is the predicted class.",
    },
    # one map, large, with its receptive field
    "explorer.detail_header": {
        "ko": "활성화 맵 하나 크게 보기",
        "en": "One activation map, up close",
    },
    "explorer.detail_layer": {"ko": "층", "en": "Layer"},
    "explorer.detail_channel": {"ko": "활성화 맵", "en": "Activation map"},
    "explorer.detail_peak": {
        "ko": "가장 강하게 반응한 칸으로",
        "en": "Go to the strongest response",
    },
    "explorer.detail_input": {
        "ko": "이 칸이 보는 입력 영역",
        "en": "The input region this cell sees",
    },
    "explorer.receptive": {
        "ko": "({row}, {col}) 칸의 값은 {value}입니다. 이 값은 입력의 {top}～{bottom}행, {left}～{right}열, 즉 {size} 픽셀 영역(수용 영역)만 보고 계산됩니다. 층이 깊어질수록 이 영역이 넓어져서 더 큰 부분을 보게 됩니다.",
        "en": "Cell ({row}, {col}) has the value {value}. It is computed from input rows {top}–{bottom} and columns {left}–{right} only: a region of {size} pixels (its receptive field). The deeper the layer, the wider this region, so later layers see larger parts.",
    },
    # click to inspect (app_pages/explorer/inspect.py)
    "explorer.detail_too_many": {
        "ko": "이 맵은 {shape}칸으로, 클릭할 수 있는 {limit}칸보다 많습니다. 가장 강한 칸의 수용 영역을 보여 줍니다.",
        "en": "This map has {shape} cells, more than the {limit} that can be clicked: the strongest cell's receptive field is shown.",
    },
    "explorer.detail_click": {
        "ko": "맵의 칸을 클릭(터치)하면 그 칸의 수용 영역이 옆(좁은 화면에서는 아래) 입력에 표시됩니다.",
        "en": "Click (tap) a cell of the map: its receptive field is outlined on the input beside it (below it on a narrow screen).",
    },
    "explorer.rf_arithmetic": {
        "ko": "{layer}까지 층마다 수용 영역이 커지는 계산 (가장자리가 아니면 {size}):",
        "en": "How the receptive field grows layer by layer up to {layer} ({size} away from the border):",
    },
    "explorer.rf_step": {
        "ko": "{name} ({kernel}×{kernel}, 스트라이드 {stride}): {size_in} + ({extent} − 1)·{jump} = **{size}**, {apart}",
        "en": "{name} ({kernel}×{kernel}, stride {stride}): {size_in} + ({extent} − 1)·{jump} = **{size}**; {apart}",
    },
    # {apart} of explorer.rf_step: cells 1, or {jump} (2 or more) pixels apart
    "explorer.rf_apart.one": {
        "ko": "이웃한 칸 사이 간격 1픽셀",
        "en": "neighbouring cells are 1 pixel apart",
    },
    "explorer.rf_apart.many": {
        "ko": "이웃한 칸 사이 간격 {jump}픽셀",
        "en": "neighbouring cells are {jump} pixels apart",
    },
    "explorer.rf_clipped": {
        "ko": "이 칸은 가장자리에 가까워서 {full} 영역 중 이미지 안에 있는 {size}만 표시됩니다.",
        "en": "This cell is near the border: only {size} of its {full} field lies inside the image.",
    },
    "explorer.rf_unavailable": {
        "ko": "{layer} 층의 수용 영역은 그릴 수 없어 맵만 보여 줍니다. 입력에서 이 층까지 가는 길의 {blocker} 층({kind})은 위치를 입력까지 되짚을 수 없는 종류입니다.",
        "en": "The receptive field of {layer} cannot be drawn, so only its map is shown: on the way from the input, the layer {blocker} ({kind}) is of a kind whose positions cannot be traced back.",
    },
    # shareable link (app_pages/explorer/link.py); {fields}: the labels of the choices
    # the view's link does not carry (link.NOT_CARRIED), in place of common.share_help
    "explorer.share_help_part": {
        "ko": "이 링크를 보내면 받는 사람에게도 이 모델과 보기가 같은 언어로 열립니다. 다만 다음 선택은 링크에 들어가지 않아 기본값으로 열립니다: {fields}. 오른쪽 위 버튼으로 복사하세요.",
        "en": "Send this link: it opens this model and view for whoever receives it, in the same language, but not these choices, which it does not carry (they open at their defaults): {fields}. Copy it with the button at its top right.",
    },
    "explorer.link_upload": {
        "ko": "올린 모델 파일은 링크에 들어가지 않습니다. 기본 제공 모델이나 학습 실행을 고르면 링크로 공유할 수 있습니다.",
        "en": "An uploaded model file does not travel in the link; pick a shipped model or a run to share the view.",
    },
    "explorer.link_own_image": {
        "ko": "올린 파일, 사진, 그림은 링크에 들어가지 않습니다. 테스트 이미지나 예시 이미지를 고르면 같은 입력이 열립니다.",
        "en": "An uploaded file, a photo or a drawing does not travel in the link; pick a test image or a sample to share the same input.",
    },
    "explorer.input_source.training": {
        "ko": "학습 결과에서 연 이미지",
        "en": "From the training results",
    },
    # checkpoints over time (app_pages/explorer/epochs.py)
    "explorer.epoch": {"ko": "에포크", "en": "Epoch"},
    "explorer.epoch_help": {
        "ko": "학습 실행은 학습 전(에포크 0)과 에포크마다 가중치를 저장합니다. 슬라이더를 움직여 필터가 잡음에서 모양을 갖추는 과정을 보세요.",
        "en": "A run keeps its weights before training (epoch 0) and after every epoch. Move the slider to watch the filters take shape out of noise.",
    },
    "explorer.epoch_zero": {"ko": "0 (초기 가중치)", "en": "0 (initial weights)"},
    "explorer.epoch_final": {
        "ko": "최종 모델 (최고 에포크 {best})",
        "en": "final model (best epoch {best})",
    },
    # the best epoch is the part of an epoch Stop left (train.epoch_partial)
    "explorer.epoch_final_partial": {
        "ko": "최종 모델 (최고 에포크 {epoch}, 배치 {batch}/{batches})",
        "en": "final model (best epoch {epoch}, {batch}/{batches} batches)",
    },
    # Stop came inside epoch 1: no epoch finished, none was the best
    "explorer.epoch_final_stopped": {
        "ko": "최종 모델 (에포크 {epoch}의 배치 {batch}/{batches}에서 멈춤)",
        "en": "final model (stopped at batch {batch}/{batches} of epoch {epoch})",
    },
    "explorer.epoch_caption": {
        "ko": "에포크 {epoch}의 가중치로 모든 보기를 보여 줍니다 (마지막 저장 에포크: {last}).",
        "en": "Every view shows the weights of epoch {epoch} (last saved epoch: {last}).",
    },
    "explorer.epoch_caption_partial": {
        "ko": "에포크 {epoch}의 가중치로 모든 보기를 보여 줍니다. 학습을 멈춰서 이 에포크는 배치 {batches}개 중 {batch}개만 학습했습니다.",
        "en": "Every view shows the weights of epoch {epoch}. Training was stopped during it, so only {batch} of its {batches} batches ran.",
    },
    "explorer.epoch_none": {
        "ko": "이 학습 실행에는 에포크별 가중치가 없습니다 (이 기능 전에 학습했습니다).",
        "en": "This run has no per-epoch weights (it was trained before they were kept).",
    },
    "explorer.epoch_error": {
        "ko": "에포크 {epoch}의 가중치를 열 수 없습니다: {error}",
        "en": "Cannot open the weights of epoch {epoch}: {error}",
    },
    # what a filter wants to see (app_pages/explorer/dream.py)
    "explorer.dream_intro": {
        "ko": "고정된 무작위 잡음 이미지에서 시작해, 고른 필터의 활성화 맵 평균(클래스라면 소프트맥스 전 점수)이 커지는 쪽으로 이미지를 조금씩 바꿉니다(경사 상승법). 그 결과가 이 필터가 가장 보고 싶어 하는 모양입니다.",
        "en": "Starting from a fixed random noise image, the image is changed step by step in the direction that raises the mean of the chosen filter's activation map (for a class: its score before the softmax), by gradient ascent. What comes out is the pattern this filter most wants to see.",
    },
    "explorer.dream_layer": {"ko": "층", "en": "Layer"},
    "explorer.dream_output": {"ko": "출력층 (클래스)", "en": "Output layer (classes)"},
    "explorer.dream_unit": {"ko": "필터 또는 클래스", "en": "Filter or class"},
    "explorer.dream_working": {"ko": "이미지를 만드는 중…", "en": "Making the picture…"},
    # the picture raises one measure ({kind}: filter or class), the test images are
    # ranked by another (explorer.dream_top_help.{kind}): each says which
    "explorer.dream_caption.filter": {
        "ko": "이 필터의 활성화 맵 평균을 가장 크게 만드는 이미지",
        "en": "The picture that raises the mean of this filter's activation map most",
    },
    "explorer.dream_caption.class": {
        "ko": "이 클래스의 점수(소프트맥스 전)를 가장 크게 만드는 이미지",
        "en": "The picture that raises this class's score (before the softmax) most",
    },
    "explorer.dream_score.filter": {
        "ko": "활성화 맵의 평균: 잡음에서 {start} → 이 이미지에서 {score}",
        "en": "Mean of the activation map: {start} on the noise → {score} on this picture",
    },
    "explorer.dream_score.class": {
        "ko": "클래스 점수(소프트맥스 전): 잡음에서 {start} → 이 이미지에서 {score}",
        "en": "Class score (before the softmax): {start} on the noise → {score} on this picture",
    },
    "explorer.dream_weights": {"ko": "필터 가중치", "en": "Filter weights"},
    "explorer.dream_weights_one": {
        "ko": "입력 채널 {c_in}개의 커널 그대로입니다. 편향: {bias}",
        "en": "The kernel as it is ({c_in} input channel). Bias: {bias}",
    },
    "explorer.dream_weights_mean": {
        "ko": "입력 채널 {c_in}개에 걸친 커널의 평균입니다. 편향: {bias}",
        "en": "The kernel averaged over its {c_in} input channels. Bias: {bias}",
    },
    "explorer.dream_class_note": {
        "ko": "출력층의 클래스에는 필터가 없습니다. 이미지는 그 클래스의 점수(소프트맥스 전)를 키웁니다.",
        "en": "An output class has no filter; the picture raises that class's score (before the softmax).",
    },
    "explorer.dream_top_header": {
        "ko": "테스트 이미지 가운데 가장 강한 예",
        "en": "The strongest examples among the test images",
    },
    "explorer.dream_top_help.filter": {
        "ko": "테스트 이미지 {total}장 중에서 활성화 맵의 최댓값(맵에서 가장 강한 칸의 값)이 가장 큰 것부터 보여 줍니다. 위 그림은 맵의 평균을 키워 만들었습니다. 평균은 모든 칸이 조금씩 보태므로 그림 전체를 바꿀 수 있고, 최댓값은 그 무늬가 이미지 어디에든 한 번만 있으면 커지므로 실제 이미지를 고르는 데 알맞습니다. 이미지 아래: 클래스 · 최댓값.",
        "en": "Among {total} test images, the highest maximum of the activation map (the value of its strongest cell) first. The picture above was made by raising the map's mean: every cell adds to a mean, so the whole picture can change; a maximum is high wherever the pattern appears once, which suits picking real images. Under each: class · maximum.",
    },
    "explorer.dream_top_help.class": {
        "ko": "테스트 이미지 {total}장 중에서 이 클래스의 확률이 가장 높은 것부터 보여 줍니다. 위 그림은 소프트맥스 전 점수를 키워 만들었습니다. 확률은 1에 가까워지면 더 오르지 않고, 다른 클래스의 점수가 내려가기만 해도 오르기 때문입니다. 이미지 아래: 클래스 · 확률.",
        "en": "Among {total} test images, the highest probability of this class first. The picture above was made by raising the score before the softmax: a probability stops rising near 1, and it also rises when only the other classes' scores fall. Under each: class · probability.",
    },
    "explorer.dream_no_dataset": {
        "ko": "올린 모델 파일에는 데이터셋이 없어서, 이 필터로 줄 세울 테스트 이미지가 없습니다.",
        "en": "An uploaded model file comes without a dataset, so there are no test images to rank for this filter.",
    },
    "explorer.dream_no_tests": {
        "ko": "이 모델의 테스트 이미지가 이 서버에 없습니다.",
        "en": "This model's test images are not on this server.",
    },
    "explorer.dream_how": {
        "ko": "{steps}단계 동안 매번 이미지를 1픽셀 안팎으로 흔들고(지터), 몇 단계마다 살짝 흐리게 하고, 회색 쪽으로 약하게 당깁니다(L2). 그래서 잡음이 아닌 읽을 수 있는 모양이 나옵니다.",
        "en": "Over {steps} steps the image is shifted by a pixel or so (jitter), blurred a little every few steps and pulled gently towards grey (L2), so a readable pattern comes out rather than noise.",
    },
    # two models side by side (app_pages/explorer/compare.py)
    "explorer.compare_intro": {
        "ko": "위에서 고른 모델(A)과 다른 모델(B)을 나란히 봅니다: 층 구조, 같은 입력에 대한 확률, 서로 대응하는 층의 특성 맵.",
        "en": "The model chosen above (A) beside another (B): their layers, their probabilities for the same input, and the feature maps of corresponding layers.",
    },
    "explorer.compare_shipped": {
        "ko": "한 번에: 강의 노트의 패션 CNN과 숫자 CNN",
        "en": "One click: the course notes' Fashion CNN vs the digit CNN",
    },
    "explorer.compare_runs": {
        "ko": "한 번에: 가장 최근 학습 실행 두 개",
        "en": "One click: the two newest runs",
    },
    "explorer.compare_with": {"ko": "비교할 모델 (B)", "en": "Model to compare with (B)"},
    "explorer.compare_layers": {"ko": "층 구조", "en": "Layers"},
    "explorer.compare_totals": {
        "ko": "파라미터 합계: A **{a}**개, B **{b}**개. 같은 종류의 층끼리 순서대로 맞춰 놓았고, 한쪽에만 있는 층은 다른 쪽 칸이 비어 있습니다.",
        "en": "Parameters in total: A **{a}**, B **{b}**. Layers of the same kind are lined up in order; a layer only one model has leaves the other side empty.",
    },
    "explorer.compare_same_input": {"ko": "같은 입력", "en": "The same input"},
    "explorer.compare_other_input": {
        "ko": "B는 다른 크기의 입력({b})을 받으므로 A의 입력({a})을 그대로 넣을 수 없습니다.",
        "en": "B takes inputs of another size ({b}), so A's input ({a}) cannot go into it as it is.",
    },
    "explorer.compare_maps": {
        "ko": "대응하는 층의 특성 맵",
        "en": "Feature maps of corresponding layers",
    },
    "explorer.compare_maps_help": {
        "ko": "왼쪽은 A, 오른쪽은 B입니다. 맵마다 따로 색 범위를 맞췄습니다.",
        "en": "A on the left, B on the right. Each map is stretched on its own.",
    },
}
