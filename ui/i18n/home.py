"""UI strings of the home page."""

STRINGS: dict[str, dict[str, str]] = {
    "home.intro": {
        "ko": "합성곱 신경망(CNN)이 이미지를 보는 방법을 손으로 만져 보며 배웁니다. 선생님은 화면에 띄워 설명하고, 학생들은 각자 노트북에서 숫자를 바꿔 보세요. 인터넷이 없어도 동작합니다.",
        "en": "Learn how a convolutional neural network (CNN) sees images by touching every step. A teacher projects it; students change the numbers on their own laptops. It works without internet.",
    },
    "home.path": {
        "ko": "강의 노트 순서대로",
        "en": "Lesson path: the course notes in order",
    },
    "home.path_caption": {
        "ko": "주제를 누르면 그 주제를 다루는 페이지가 열립니다.",
        "en": "Click a topic to open the page that covers it.",
    },
    # the steps of the lesson path, in the notes' order
    "home.step.conv": {
        "ko": "합성곱 연산, 패딩과 스트라이드",
        "en": "Convolution, padding and stride",
    },
    "home.step.pool": {"ko": "풀링", "en": "Pooling"},
    "home.step.colour": {"ko": "컬러 입력과 파라미터 수", "en": "Colour input and parameters"},
    "home.step.course_cnn": {
        "ko": "강의 CNN의 파라미터 {total}개",
        "en": "The course CNN's {total} parameters",
    },
    "home.step.lenet5": {"ko": "LeNet-5", "en": "LeNet-5"},
    "home.step.training": {"ko": "학습과 조기 종료", "en": "Training and early stopping"},
    "home.step.predict": {"ko": "새 사진 예측", "en": "Predicting a new photo"},
    "home.pages": {"ko": "둘러보기", "en": "Pages"},
    "home.card.lab": {
        "ko": "입력과 필터에 숫자를 넣고, 필터가 미끄러지며 특성 맵을 만드는 곱셈-누산을 한 칸씩 따라갑니다. 패딩·스트라이드·풀링·컬러 입력·실제 사진·전치 합성곱까지, 그리고 스스로 채점하는 퀴즈.",
        "en": "Type an input and a filter, then follow the multiply-accumulate that builds the feature map cell by cell. Padding, stride, pooling, colour input, real photos and transposed convolution, and a quiz that checks itself.",
    },
    "home.card.explorer": {
        "ko": "학습된 모델을 열어 층 구조, 필터, 활성화 맵, 모델이 어디를 보는지(Grad-CAM, 가림 민감도)를 살펴봅니다. 맵의 칸을 누르면 입력의 어디를 보는지 표시됩니다.",
        "en": "Open a trained model and look at its layers, filters, activation maps and where it looks (Grad-CAM, occlusion). Click a map's cell to see where in the input it looks.",
    },
    "home.card.training": {
        "ko": "작은 CNN을 직접 학습시키고 손실과 정확도 곡선이 변하는 모습을 지켜봅니다.",
        "en": "Train a small CNN yourself and watch the loss and accuracy curves move.",
    },
    "home.card.predict": {
        "ko": "숫자를 직접 그리거나 사진을 올리면 모델 입력으로 바뀌는 단계와 예측 결과를 보여 줍니다.",
        "en": "Draw a digit or upload a photo: see each step that turns it into the model's input, and the prediction.",
    },
    "home.pipeline": {
        "ko": "강의 노트의 패션 MNIST CNN: 한 장의 이미지가 지나가는 길",
        "en": "The course notes' Fashion-MNIST CNN: the path of one image",
    },
    "home.pipeline_caption": {
        "ko": "상자 안의 숫자는 그 층을 지난 뒤의 크기(높이×너비×채널)와 파라미터 수입니다. 합성곱은 세임 패딩이라 크기가 그대로이고, 2×2 최대 풀링이 크기를 절반으로 줄입니다. 전체 파라미터 {total}개.",
        "en": "In each box: the size after that layer (height×width×channels) and its parameters. The same-padded convolutions keep the size; each 2×2 max pooling halves it. {total} parameters in all.",
    },
    "home.stage.input": {"ko": "입력 이미지", "en": "Input image"},
    "home.stage.output": {"ko": "10개 클래스의 확률", "en": "10 class probabilities"},
    "home.params": {"ko": "파라미터 {n}개", "en": "{n} params"},
}
