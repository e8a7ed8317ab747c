"""UI strings of the training page."""

STRINGS: dict[str, dict[str, str]] = {
    "train.title": {"ko": "직접 학습시키기", "en": "Train a network"},
    "train.intro": {
        "ko": "데이터셋과 신경망 구조를 고르고 **학습 시작**을 누르세요. 손실과 정확도 곡선이 에포크마다 그려지고, 학습이 끝난 모델은 모델 탐색기와 예측 페이지에서 바로 쓸 수 있습니다. 다른 페이지에 다녀와도 학습은 계속됩니다.",
        "en": "Pick a dataset and an architecture, then press **Start training**. The loss and accuracy curves grow epoch by epoch, and the finished model shows up on the Model explorer and Predict pages. Training goes on while you visit other pages.",
    },
    "train.setup": {"ko": "1. 학습 설정", "en": "1. Set up a run"},
    "train.live": {"ko": "2. 학습 진행 상황", "en": "2. Training progress"},
    "train.live.none": {
        "ko": "지금 진행 중인 학습 실행이 없습니다. 위에서 **{start}**을 누르면 진행 상황이 여기에 나옵니다.",
        "en": "No run is training right now. Press **{start}** above and its progress shows up here.",
    },
    "train.results": {"ko": "3. 학습 결과", "en": "3. Results"},
    "train.runs": {"ko": "4. 학습 실행 비교", "en": "4. Compare runs"},
    "train.board": {"ko": "5. 학급 게시판", "en": "5. Class board"},
    "train.presets.help": {
        "ko": "프리셋을 누르면 아래 설정이 모두 채워집니다. 채운 뒤에 값을 바꿔도 됩니다.",
        "en": "A preset fills in every control below; you can still change any value afterwards.",
    },
    # The course notes' recipes (one name each: their buttons, the runs' lists, and the
    # other presets' texts, which name seed_recipe through {recipe})
    "train.preset.seed_recipe": {
        "ko": "강의 노트 설정 (패션 MNIST CNN)",
        "en": "Course notes' recipe (Fashion-MNIST CNN)",
    },
    "train.preset.seed_recipe.help": {
        "ko": "강의 노트의 패션 MNIST CNN: Adam(학습률 {rate}), 배치 {batch}, 학습 이미지 {images:,}장(나머지 5분의 1인 {held:,}장은 검증용), 최대 {epochs} 에포크, 검증 손실이 {patience} 에포크 동안 나아지지 않으면 멈춤.",
        "en": "The course notes' Fashion-MNIST CNN: Adam (learning rate {rate}), batch {batch}, {images:,} training images (a fifth, {held:,}, held out for validation), up to {epochs} epochs, stopping when the validation loss has not improved for {patience} epochs.",
    },
    "train.preset.seed_lenet": {
        "ko": "강의 노트 설정 (LeNet 스타일, MNIST)",
        "en": "Course notes' recipe (LeNet-style, MNIST)",
    },
    "train.preset.seed_lenet.help": {
        "ko": "강의 노트의 LeNet 스타일 신경망을 MNIST로: Adam(학습률 {rate}), 배치 {batch}, {epochs} 에포크, 조기 종료 없음(patience {patience} = 에포크 수). 강의 노트는 테스트 이미지로 검증하지만, 여기서는 테스트 이미지를 마지막 평가에만 쓰고 학습 이미지 {images:,}장으로 학습하며 {held:,}장을 검증용으로 떼어 둡니다.",
        "en": "The course notes' LeNet-style network on MNIST: Adam (learning rate {rate}), batch {batch}, {epochs} epochs, no early stopping (patience {patience}, the number of epochs). The notes validate on the test images; here the test images are kept for the final evaluation, and the run trains on {images:,} training images and holds out {held:,} for validation.",
    },
    "train.preset.seed_keras_book": {
        "ko": "강의 노트 설정 (케라스 책의 CNN, MNIST)",
        "en": "Course notes' recipe (Keras-book CNN, MNIST)",
    },
    "train.preset.seed_keras_book.help": {
        "ko": "강의 노트의 케라스 책 CNN을 MNIST로: RMSprop(학습률 {rate}), 배치 {batch}, {epochs} 에포크, 학습 이미지 {images:,}장(나머지 5분의 1인 {held:,}장은 검증용), 조기 종료 없음(patience {patience} = 에포크 수).",
        "en": "The course notes' Keras-book CNN on MNIST: RMSprop (learning rate {rate}), batch {batch}, {epochs} epochs, {images:,} training images (a fifth, {held:,}, held out for validation), no early stopping (patience {patience}, the number of epochs).",
    },
    "train.preset.seed_keras_book_cifar": {
        "ko": "강의 노트 설정 (케라스 책의 CNN, CIFAR-10)",
        "en": "Course notes' recipe (Keras-book CNN, CIFAR-10)",
    },
    "train.preset.seed_keras_book_cifar.help": {
        "ko": "강의 노트의 케라스 책 CNN을 CIFAR-10 컬러 이미지로: Adadelta(학습률 {rate}: 강의 노트의 케라스가 쓴 값), 배치 {batch}, {epochs} 에포크, 학습 이미지 {images:,}장(나머지 5분의 1인 {held:,}장은 검증용), 조기 종료 없음(patience {patience} = 에포크 수). CIFAR-10(약 170MB)이 이 서버에 없으면 첫 학습이 내려받습니다(인터넷이 필요합니다). 인터넷이 없는 교실이라면 데이터셋을 고를 때 나오는 안내대로 파일을 미리 넣어 두세요.",
        "en": "The course notes' Keras-book CNN on CIFAR-10's colour images: Adadelta (learning rate {rate}: the rate the course notes' Keras used), batch {batch}, {epochs} epochs, {images:,} training images (a fifth, {held:,}, held out for validation), no early stopping (patience {patience}, the number of epochs). If CIFAR-10 (about 170 MB) is not on this server, the first run downloads it (this needs an internet connection). For a classroom without internet, put its file in place beforehand, as the dataset picker's note says.",
    },
    # added to the texts of the presets that never stop early (patience = epochs) and hold
    # images out: Keras's EarlyStopping restores the best weights at the end all the same
    "train.preset.keeps_best": {
        "ko": "조기 종료는 없지만, 학습이 끝나면 검증 손실이 가장 낮았던 에포크의 가중치로 되돌립니다(콜백 없이 학습하는 강의 노트는 마지막 에포크의 가중치를 씁니다).",
        "en": "Though it never stops early, at the end the run restores the weights of its epoch with the lowest validation loss (the notes, training without a callback, keep the last epoch's).",
    },
    # added to the texts of the recipes on the full MNIST
    "train.preset.mnist_offline": {
        "ko": "MNIST가 이 서버에 없으면 첫 학습이 내려받습니다(인터넷이 필요합니다). 인터넷이 없으면 데이터셋을 바꾸세요: “{bundled}”.",
        "en": "If MNIST is not on this server, the first run downloads it (this needs an internet connection); with no internet, switch the dataset to “{bundled}”.",
    },
    # under the preset buttons: what the preset the controls hold sets (a phone has no hover)
    "train.preset.now": {
        "ko": "지금 설정은 **{preset}** 프리셋입니다. {text}",
        "en": "These settings are the **{preset}** preset. {text}",
    },
    "train.preset.quick": {"ko": "빠른 학습 (CPU용)", "en": "Quick (for a CPU)"},
    "train.preset.quick.help": {
        "ko": "필터 {filters}·{filters2}개, 완전연결층 뉴런 {dense}개, 각 블록 끝에 배치 정규화, 배치 {batch}, 코사인 학습률, 학습 이미지 {images:,}장으로 {epochs} 에포크: “{recipe}” 1 에포크 정도의 시간에 약 91%.",
        "en": "{filters} and {filters2} filters, {dense} neurons in the dense layer, batch normalization ending each block, batch {batch}, a cosine learning rate, {epochs} epochs on {images:,} training images: about 91 % in about the time of one epoch of “{recipe}”.",
    },
    "train.preset.best": {"ko": "더 높은 정확도", "en": "Higher accuracy"},
    "train.preset.best.help": {
        "ko": "필터 {filters}·{filters2}개, 완전연결층 뉴런 {dense}개, 드롭아웃, 각 블록 끝에 배치 정규화, 배치 {batch}, 코사인 학습률, 학습 이미지 {images:,}장으로 {epochs} 에포크: “{recipe}” 1 에포크의 약 2.5배 시간에 약 92%.",
        "en": "{filters} and {filters2} filters, {dense} neurons in the dense layer, dropout, batch normalization ending each block, batch {batch}, a cosine learning rate, {epochs} epochs on {images:,} training images: about 92 % in about two and a half epochs of “{recipe}”.",
    },
    "train.schedule": {"ko": "학습률 스케줄", "en": "Learning-rate schedule"},
    "train.schedule.constant": {"ko": "고정", "en": "Constant"},
    "train.schedule.cosine": {"ko": "코사인", "en": "Cosine"},  # the help tells the warm-up
    "train.schedule.help": {
        "ko": "코사인: 학습 초반 10%는 학습률을 서서히 올리고, 이후 코사인 곡선으로 0까지 낮춥니다.",
        "en": "Cosine: raises the rate over the first 10 % of steps, then lowers it along a cosine to 0.",
    },
    "train.custom.batch_norm": {
        "ko": "배치 정규화 (풀링 뒤)",
        "en": "Batch normalization (after pooling)",
    },
    "train.custom.batch_norm.help": {
        "ko": "각 블록의 풀링 출력을 배치마다 평균 0, 분산 1로 맞춥니다. 학습이 빨라지고 안정됩니다.",
        "en": "Scales each block's pooled output to mean 0 and variance 1 over the batch: training gets faster and steadier.",
    },
    # the same, with "no pooling" chosen: a block is one convolution
    "train.custom.batch_norm_no_pool": {
        "ko": "배치 정규화 (합성곱 뒤)",
        "en": "Batch normalization (after the convolution)",
    },
    "train.custom.batch_norm_no_pool.help": {
        "ko": "각 블록의 합성곱 출력을 배치마다 평균 0, 분산 1로 맞춥니다. 학습이 빨라지고 안정됩니다.",
        "en": "Scales each block's convolution output to mean 0 and variance 1 over the batch: training gets faster and steadier.",
    },
    "train.dataset": {"ko": "데이터셋", "en": "Dataset"},
    "train.dataset.ready": {
        "ko": "학습용 {train}장, 테스트용 {test}장 · 이미지 크기 {shape}",
        "en": "{train} training images, {test} test images · image size {shape}",
    },
    # a dataset in the picker whose files are not on the server (the first run fetches them)
    "train.dataset.download": {
        "ko": "**{dataset}** 데이터셋은 아직 이 서버에 없습니다. 학습을 시작하면 Keras가 먼저 내려받습니다(인터넷 연결이 필요합니다). 내려받지 못하면 학습 진행 상황에 그 까닭과 받는 방법이 나옵니다.",
        "en": "The **{dataset}** dataset is not on this server yet: a run downloads it first when it starts (this needs an internet connection). If the download fails, the training progress says why and how to get it.",
    },
    "train.dataset.bundled_missing": {
        "ko": "앱에 포함된 **{dataset}** 파일이 이 서버에 없어서 학습을 시작할 수 없습니다.",
        "en": "The file of **{dataset}**, which ships with the app, is missing on this server, so no run can start.",
    },
    "train.dataset.not_here": {
        "ko": "{dataset} (서버에 없음 · 내려받기 필요)",
        "en": "{dataset} (not on this server · needs a download)",
    },
    "train.dataset.howto.fashion_mnist": {
        "ko": "받는 방법: 인터넷이 되면 한 번 학습을 시작하는 것만으로 Keras가 내려받습니다. 인터넷이 없는 Debian/Ubuntu에서는 `sudo apt-get install dataset-fashion-mnist`로 설치한 뒤 `bash scripts/install_fashion_mnist.sh`를 실행해 Keras 캐시에 복사하세요. 다른 컴퓨터에서 이미 받았다면 그 컴퓨터의 `~/.keras/datasets/fashion-mnist` 폴더(`.gz` 파일 4개)를 이 서버의 `{cache_dir}` 안에 그대로 복사해도 됩니다.",
        "en": "How to get it: with internet access Keras downloads it the first time you train. Offline on Debian/Ubuntu, run `sudo apt-get install dataset-fashion-mnist`, then `bash scripts/install_fashion_mnist.sh` to copy it into the Keras cache. If another computer has downloaded it, you can also copy its `~/.keras/datasets/fashion-mnist` folder (four `.gz` files) into `{cache_dir}` on this server.",
    },
    "train.dataset.howto.mnist": {
        "ko": '받는 방법: 인터넷이 되는 컴퓨터에서 `python -c "import keras; keras.datasets.mnist.load_data()"`를 한 번 실행하면 `~/.keras/datasets/mnist.npz` 파일(약 11MB)이 생깁니다. 그 파일을 이 서버의 `{cache_dir}` 안에 같은 이름으로 복사하세요. `https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz`를 내려받아 넣어도 됩니다. 인터넷이 없으면 “MNIST — 앱에 포함된 숫자 10,000장”을 고르세요. 강의 노트의 MNIST 예제를 그대로 학습할 수 있습니다.',
        "en": 'How to get it: on a machine with internet access, run `python -c "import keras; keras.datasets.mnist.load_data()"` once; it saves the file `~/.keras/datasets/mnist.npz` (about 11 MB). Copy that file, under the same name, into `{cache_dir}` on this server; downloading `https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz` into that folder works too. With no internet, pick “MNIST — 10,000 digits that ship with the app”: the course notes\' MNIST recipes train on it.',
    },
    "train.dataset.howto.mnist_subset": {
        "ko": "이 데이터는 앱과 함께 `assets/datasets/mnist_digits_subset.npz`로 배포됩니다. 파일이 없거나 망가졌다면 앱을 다시 내려받거나 `git checkout assets/datasets`로 되살리세요.",
        "en": "This dataset ships with the app as `assets/datasets/mnist_digits_subset.npz`. If the file is missing or damaged, download the app again or restore it with `git checkout assets/datasets`.",
    },
    "train.dataset.howto.cifar10": {
        "ko": '받는 방법: 인터넷이 되는 컴퓨터에서 `python -c "import keras; keras.datasets.cifar10.load_data()"`를 한 번 실행하면(약 170MB) `~/.keras/datasets/cifar-10-batches-py-target_archive` 파일이 생깁니다. Keras가 내려받은 압축 파일이니, 이 파일 하나를 이 서버의 `{cache_dir}` 안에 같은 이름으로 복사하세요(압축을 푼 폴더만으로는 안 됩니다). `https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz`를 내려받아 이름을 `cifar-10-batches-py-target_archive`로 바꿔 넣어도 됩니다. 처음 학습할 때 Keras가 압축을 풉니다.',
        "en": 'How to get it: on a machine with internet access, run `python -c "import keras; keras.datasets.cifar10.load_data()"` once (about 170 MB); it leaves the file `~/.keras/datasets/cifar-10-batches-py-target_archive`, the archive Keras downloaded. Copy that one file, under the same name, into `{cache_dir}` on this server (an unpacked folder alone is not enough). Or download `https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz`, rename it `cifar-10-batches-py-target_archive` and put it there. Keras unpacks it the first time you train.',
    },
    "train.model": {"ko": "신경망 구조", "en": "Architecture"},
    "train.arch.seed_cnn": {
        "ko": "강의 노트의 패션 MNIST CNN",
        "en": "The course notes' Fashion-MNIST CNN",
    },
    "train.arch.seed_cnn.help": {
        "ko": "합성곱(32) → 풀링 → 합성곱(64) → 풀링 → 완전연결층(100) → 드롭아웃(0.4) → 출력. 28×28 흑백 이미지에서 파라미터 333,526개.",
        "en": "Conv(32) → pool → conv(64) → pool → dense(100) → dropout(0.4) → output. 333,526 parameters on 28×28 grayscale images.",
    },
    "train.arch.lenet_mnist": {"ko": "LeNet 스타일 (MNIST)", "en": "LeNet-style (MNIST)"},
    "train.arch.lenet_mnist.help": {
        "ko": "5×5 필터 6개짜리 합성곱 세 번과 최대 풀링 두 번, 완전연결층(84) → 출력. 작지만 손글씨 숫자에서 98% 넘게 맞힙니다.",
        "en": "Three 5×5 convolutions of 6 filters with two max-pools, dense(84) → output. Small, yet above 98% on handwritten digits.",
    },
    "train.arch.keras_book": {"ko": "케라스 책의 CNN", "en": "The Keras-book CNN"},
    "train.arch.keras_book.help": {
        "ko": "3×3 합성곱 두 번(32, 64) → 최대 풀링 → 드롭아웃 → 완전연결층(128) → 드롭아웃 → 출력.",
        "en": "Two 3×3 convolutions (32, 64) → max-pool → dropout → dense(128) → dropout → output.",
    },
    "train.arch.lenet5": {"ko": "고전 LeNet-5", "en": "Classic LeNet-5"},
    "train.arch.lenet5.help": {
        "ko": "1998년 LeNet-5: C1(6@28×28) → S2 → C3(16@10×10) → S4 → C5(120) → F6(84) → 출력. 32×32 입력을 기대하므로 28×28 이미지는 가장자리를 0으로 채웁니다.",
        "en": "LeNet-5 (1998): C1 (6@28×28) → S2 → C3 (16@10×10) → S4 → C5 (120) → F6 (84) → output. It expects 32×32 inputs, so 28×28 images are zero-padded.",
    },
    "train.arch.custom": {"ko": "직접 설계하기", "en": "Build your own"},
    "train.arch.custom.help": {
        "ko": "블록마다 합성곱과 풀링을 하나씩 쌓고, 블록이 하나 늘 때마다 필터 수가 두 배가 됩니다.",
        "en": "Each block is one convolution and one pooling; every block doubles the number of filters.",
    },
    "train.arch.custom.help_no_pool": {
        "ko": "블록마다 합성곱을 하나씩 쌓고, 블록이 하나 늘 때마다 필터 수가 두 배가 됩니다. 풀링이 없으니 특성 맵의 크기는 줄지 않습니다.",
        "en": "Each block is one convolution; every block doubles the number of filters. With no pooling the feature maps keep their size.",
    },
    "train.custom.conv_blocks": {"ko": "합성곱 블록 수", "en": "Convolution blocks"},
    "train.custom.filters": {"ko": "첫 블록의 필터 수", "en": "Filters in the first block"},
    "train.custom.kernel_size": {"ko": "커널 크기", "en": "Kernel size"},
    "train.custom.pooling": {"ko": "풀링", "en": "Pooling"},
    "train.custom.dropout": {"ko": "드롭아웃 비율", "en": "Dropout rate"},
    "train.custom.dense_units": {
        "ko": "완전연결층 뉴런 수 (0이면 생략)",
        "en": "Neurons in the dense layer (0 leaves it out)",
    },
    # under the architecture, before any run: {chain} from controls.layer_chain
    "train.layers": {
        "ko": "층별 출력 크기: {chain}{params}",
        "en": "Each layer's output size: {chain}{params}",
    },
    "train.layers.params": {"ko": " · 파라미터 {count}개", "en": " · {count} parameters"},
    "train.layer.input": {"ko": "입력", "en": "input"},
    "train.layer.pad": {"ko": "패딩", "en": "padding"},
    "train.layer.output": {"ko": "출력", "en": "output"},
    "train.custom.params": {
        "ko": "이 신경망의 파라미터: {count}개 (한도 {limit}개) · 이미지 한 장당 곱셈: {macs}번 (한도 {macs_limit}번)",
        "en": "This network's parameters: {count} (limit {limit}) · multiplications per image: {macs} (limit {macs_limit})",
    },
    "train.too_big": {
        "ko": "이 신경망은 파라미터가 {count}개로, 이 서버에서 학습할 수 있는 한도 {limit}개를 넘어 학습을 시작할 수 없습니다. 블록 수, 필터 수, 커널 크기나 완전연결층 뉴런 수를 줄이거나 풀링을 넣어 보세요.",
        "en": "This network has {count} parameters, more than the {limit} this server trains, so it cannot start. Use fewer blocks, fewer filters, a smaller kernel or fewer neurons in the dense layer, or add pooling.",
    },
    "train.too_slow": {
        "ko": "이 신경망은 이미지 한 장을 계산하는 데 곱셈이 {macs}번 필요해서, 이 서버에서 학습할 수 있는 한도 {limit}번을 넘어 학습을 시작할 수 없습니다. 학습 시간은 파라미터 수보다 이 곱셈 횟수를 따라 늘어납니다. 블록 수, 필터 수나 커널 크기를 줄이거나 풀링을 넣어 보세요.",
        "en": "This network needs {macs} multiplications per image, more than the {limit} this server trains, so it cannot start: training time grows with this count more than with the parameters. Use fewer blocks, fewer filters or a smaller kernel, or add pooling.",
    },
    "train.pooling.max": {"ko": "최대 풀링", "en": "Max pooling"},
    "train.pooling.avg": {"ko": "평균 풀링", "en": "Average pooling"},
    "train.pooling.none": {"ko": "풀링 없음", "en": "No pooling"},
    "train.subset": {"ko": "학습에 쓸 이미지 수", "en": "Training images to use"},
    "train.subset.all": {"ko": "전부", "en": "All"},
    "train.validation_split": {
        "ko": "검증용으로 떼어 둘 비율",
        "en": "Share held out for validation",
    },
    "train.validation_split.none": {
        "ko": "검증용으로 떼어 두는 이미지가 없습니다: 학습 이미지를 모두 씁니다. 곡선에는 학습 값만 나오고, 조기 종료는 학습 손실을 봅니다.",
        "en": "No images held out: all training images are used for training. The curves show training values only, and early stopping watches the training loss.",
    },
    "train.epochs": {"ko": "에포크", "en": "Epochs"},
    "train.batch_size": {"ko": "배치 크기", "en": "Batch size"},
    "train.optimizer": {"ko": "옵티마이저", "en": "Optimizer"},
    "train.optimizer.adam": {"ko": "Adam", "en": "Adam"},
    "train.optimizer.sgd": {
        "ko": "SGD (확률적 경사 하강법)",
        "en": "SGD (stochastic gradient descent)",
    },
    "train.optimizer.rmsprop": {"ko": "RMSprop", "en": "RMSprop"},
    "train.optimizer.adagrad": {"ko": "Adagrad", "en": "Adagrad"},
    "train.optimizer.adadelta": {"ko": "Adadelta", "en": "Adadelta"},
    "train.learning_rate": {"ko": "학습률", "en": "Learning rate"},
    # under the optimizer and the learning rate; {optimizer}: its label. One of the course
    # notes' optimizers (train_config.NOTES_OPTIMIZERS), then one the notes never train with
    "train.optimizer.rate": {
        "ko": "{optimizer}의 보통 시작 학습률은 {rate}입니다(강의 노트의 케라스가 쓴 값). 옵티마이저를 고르면 학습률이 그 값으로 바뀌고, 그 뒤에 입력한 학습률은 그대로 남습니다.",
        "en": "{optimizer}'s usual starting learning rate is {rate} (the rate the course notes' Keras used). Picking an optimizer sets the learning rate to its usual one; a rate you type afterwards stays.",
    },
    "train.optimizer.rate.common": {
        "ko": "{optimizer}의 보통 시작 학습률은 {rate}입니다(흔히 쓰는 시작값입니다. 강의 노트는 이 옵티마이저로 학습하지 않습니다). 옵티마이저를 고르면 학습률이 그 값으로 바뀌고, 그 뒤에 입력한 학습률은 그대로 남습니다.",
        "en": "{optimizer}'s usual starting learning rate is {rate} (a common starting rate; the course notes never train with this optimizer). Picking an optimizer sets the learning rate to its usual one; a rate you type afterwards stays.",
    },
    "train.patience": {"ko": "조기 종료 patience", "en": "Early-stopping patience"},
    "train.patience.help": {
        "ko": "patience는 기다릴 에포크 수입니다. 검증 손실(검증용 이미지가 없으면 학습 손실)이 이 에포크 수만큼 연속으로 나아지지 않으면 학습을 멈춥니다. 멈췄든 끝까지 했든, 학습이 끝나면 그 손실이 가장 낮았던 에포크의 가중치로 되돌립니다.",
        "en": "Patience is the number of epochs to wait: training stops when the validation loss (the training loss when no images are held out) has not improved for this many epochs in a row. Whether it stopped or ran every epoch, at the end the weights of the epoch with the lowest such loss are restored.",
    },
    "train.seed": {"ko": "난수 시드", "en": "Random seed"},
    # a typed number outside its range (controls._number_ui); {field}: its label
    "train.out_of_range": {
        "ko": "{field}: {value} — 넣을 수 있는 범위는 {low}부터 {high}까지입니다. 범위 안의 값으로 고쳐야 학습을 시작할 수 있습니다.",
        "en": "{field}: {value} is outside the allowed range, {low} to {high}. Change it to a value in the range to start training.",
    },
    # before Start, for a run expected to take 10 minutes or more; {time}: train.duration.*
    "train.long_run": {
        "ko": "이 설정의 예상 학습 시간은 약 {time}입니다(에포크 {epochs}까지 모두 학습할 때. 이미지 한 장당 곱셈 수와 학습 단계 수로 어림한 값이라 서버에 따라 절반에서 두 배까지 다를 수 있습니다). 그동안 서버가 동시에 학습할 수 있는 {workers}자리 가운데 하나를 차지하므로 반 친구들이 기다리게 됩니다. 에포크 수를 줄이거나, 배치 크기를 키우거나, 더 작은 신경망을 써 보세요.",
        "en": "This set-up should take about {time} to train (up to epoch {epochs}, unless early stopping ends it sooner; a rough estimate from the multiplications per image and the number of training steps, which may be off by half or double on this server). Meanwhile it holds one of the {workers} places where the server trains at once, and classmates wait. Try fewer epochs, a larger batch or a smaller network.",
    },
    # a duration (shared.duration_text): under a minute, under an hour, longer
    "train.duration.seconds": {"ko": "{seconds}초", "en": "{seconds} s"},
    "train.duration.minutes": {"ko": "{minutes}분 {seconds}초", "en": "{minutes} min {seconds} s"},
    "train.duration.hours": {"ko": "{hours}시간 {minutes}분", "en": "{hours} h {minutes} min"},
    "train.bad_input": {
        "ko": "설정을 확인하세요: {error}",
        "en": "Please check the settings: {error}",
    },
    "train.start": {"ko": "학습 시작", "en": "Start training"},
    "train.start.limit": {
        "ko": "지금 학습 중이거나 대기 중인 내 학습 실행이 {count}개입니다. 서버는 반 전체가 함께 쓰므로 한 사람이 동시에 {limit}개까지만 돌릴 수 있습니다. 그중 하나가 끝나거나 멈추면 새로 시작할 수 있습니다.",
        "en": "You have {count} runs training or waiting. The whole class shares the server, so one person can have at most {limit} at once. When one of them ends or is stopped, you can start another.",
    },
    "train.store_error": {
        "ko": "학습 실행을 저장하는 폴더 `{folder}`에 쓸 수 없어서 학습을 시작하지 않았습니다. 폴더의 쓰기 권한과 남은 디스크 공간을 확인하세요. ({error})",
        "en": "Training was not started: the runs folder `{folder}` cannot be written. Check its write permission and the free disk space. ({error})",
    },
    # after train.job.summary in a live run's box; {time} in the viewer's zone
    "train.job.started": {"ko": "{time} 시작", "en": "started {time}"},
    "train.job.queued_at": {"ko": "{time} 대기열에 들어감", "en": "queued {time}"},
    "train.job.folder": {"ko": "학습 실행 폴더: {run}", "en": "Run folder: {run}"},
    "train.job.summary": {
        "ko": "{dataset} · {model} · 에포크 {epochs}회",
        "en": "{dataset} · {model} · epochs: {epochs}",  # a count after a colon: 1 or 20
    },
    "train.job.queued": {
        "ko": "대기 중: 대기열 {position}번째입니다. 서버의 CPU 코어가 비면 바로 시작합니다.",
        "en": "Waiting in the queue, position {position}. It starts as soon as a CPU core on the server is free.",
    },
    "train.job.loading": {
        "ko": "데이터를 불러오고 모델을 만드는 중…",
        "en": "Loading the data and building the model…",
    },
    "train.job.training": {"ko": "학습 중…", "en": "Training…"},
    "train.job.progress": {
        "ko": "에포크 {epoch}/{epochs} · 배치 {batch}/{batches} · {left} · 손실 {loss} · 정확도 {accuracy}",
        "en": "Epoch {epoch}/{epochs} · batch {batch}/{batches} · {left} · loss {loss} · accuracy {accuracy}",
    },
    "train.job.left": {"ko": "남은 시간 약 {time}", "en": "about {time} left"},
    "train.job.left_unknown": {"ko": "남은 시간 계산 중", "en": "estimating the time left"},
    # the bar's last batch of an epoch, until the next epoch's first (a checkpoint is
    # written, the validation set scored, the next epoch's batches shuffled)
    "train.job.next_epoch": {"ko": "다음 에포크 준비 중", "en": "starting the next epoch"},
    "train.job.last_epoch": {"ko": "마지막 에포크 끝", "en": "last epoch done"},
    "train.job.evaluating": {
        "ko": "테스트 세트로 평가하고 저장하는 중…",
        "en": "Evaluating on the test set and saving…",
    },
    "train.job.done": {"ko": "마무리하는 중…", "en": "Finishing…"},
    "train.job.stopped": {  # Stop took effect: the run is evaluated and saved
        "ko": "학습을 멈췄습니다. 멈출 때까지 학습한 모델을 평가하고 저장하는 중입니다.",
        "en": "Training stopped: evaluating and saving the model kept up to the stop.",
    },
    # the stop came after the last batch: the run ends "finished"
    "train.job.stop_too_late": {
        "ko": "멈추기 요청이 마지막 배치가 끝난 뒤에 닿아서, 학습은 이미 끝까지 마쳤습니다. 끝난 학습 실행으로 평가하고 저장하는 중입니다.",
        "en": "The stop came after the last batch had ended: training had already run its course, and the run is being evaluated and saved as finished.",
    },
    # on the owner's page: the teacher's Stop, from another browser
    "train.job.stopping_elsewhere": {
        "ko": "다른 브라우저에서(교사용 멈추기) 이 학습을 멈췄습니다. 진행 중인 배치가 끝나면 곧 멈추고, 그때까지의 에포크별 기록과 가장 좋은 모델은 저장합니다.",
        "en": "Stopped from another browser (the teacher's Stop): it ends after the batch in progress, in a moment, and keeps the history so far and the best model.",
    },
    "train.stopped_elsewhere.queued": {
        "ko": "**{run}**: 다른 브라우저에서(교사용 멈추기) 대기열에서 뺐습니다. 시작하지 않았으므로 결과가 없습니다.",
        "en": "**{run}** was taken out of the queue from another browser (the teacher's Stop): it never started, so it has no results.",
    },
    "train.stopped_elsewhere.run": {
        "ko": "**{run}**: 다른 브라우저에서(교사용 멈추기) 학습을 멈췄습니다. 멈출 때까지의 결과는 아래 학습 결과에 있습니다.",
        "en": "**{run}** was stopped from another browser (the teacher's Stop); its results up to the stop are below.",
    },
    "train.job.stopping": {
        "ko": "멈추는 중입니다. 요청이 닿은 때 진행 중인 배치가 끝나면 곧 멈춥니다(위 막대는 1초쯤 늦게 보입니다). 그때까지의 에포크별 기록과 가장 좋은 모델은 저장합니다.",
        "en": "Stopping: it ends at the end of the batch in progress when the request arrives, in a moment (the bar above lags by about a second), and keeps the history so far and the best model.",
    },
    "train.stop": {"ko": "학습 멈추기", "en": "Stop training"},
    "train.live.stop_others": {
        "ko": "교사용: 다른 학생의 학습 멈추기",
        "en": "For the teacher: stop other students' runs",
    },
    "train.live.stop_others_help": {
        "ko": "학생이 창을 닫아도 학습은 서버에서 계속되어, 동시에 학습할 수 있는 자리 하나를 계속 차지합니다. 멈춘 학습도 그때까지의 기록과 가장 좋은 모델은 남습니다.",
        "en": "A run goes on training on the server after its student closes the tab, holding one of the places that train at once. A stopped run keeps its history so far and its best model.",
    },
    "train.live.stop_sure": {
        "ko": "모든 학습 실행에 멈추기 버튼 보이기 (다른 학생의 학습을 끝냅니다)",
        "en": "Show a Stop button on every run (it ends a classmate's training)",
    },
    "train.cancel": {"ko": "대기 취소", "en": "Cancel (leave the queue)"},
    "train.server_load": {
        "ko": "서버 전체: 학습 중 {running}개, 대기 중 {queued}개 (동시에 최대 {workers}개)",
        "en": "Whole server: {running} training, {queued} waiting (at most {workers} at once)",
    },
    # {run}: the run's label (shared.job_label), Markdown-escaped
    "train.failed.dataset": {
        "ko": "**{run}** 학습 실행이 실패했습니다: 데이터셋을 불러올 수 없습니다. ({error})",
        "en": "**{run}** failed: the dataset could not be loaded. ({error})",
    },
    "train.failed.store": {
        "ko": "**{run}** 학습 실행이 실패했습니다: 학습 실행을 저장하는 폴더에 쓸 수 없습니다. 쓰기 권한과 디스크 공간을 확인하세요. ({error})",
        "en": "**{run}** failed: the runs folder cannot be written. Check its write permission and the free disk space. ({error})",
    },
    "train.failed.died": {
        "ko": "**{run}** 학습 실행이 실패했습니다: 학습 프로세스가 도중에 끝났습니다(메모리 부족이거나 누군가 프로세스를 끝냈습니다). 다시 시작해 보세요.",
        "en": "**{run}** failed: the training process ended partway (out of memory, or someone ended it). Try starting it again.",
    },
    "train.failed.silent": {
        "ko": "**{run}** 학습 실행이 실패했습니다: 이 실행을 학습하던 다른 서버가 더 이상 응답하지 않습니다(꺼졌거나 연결이 끊겼습니다). 다시 시작해 보세요.",
        "en": "**{run}** failed: the server that was training it stopped answering (it went down or lost its connection). Try starting it again.",
    },
    "train.failed.other": {
        "ko": "**{run}** 학습 실행이 실패했습니다: {error}",
        "en": "**{run}** failed: {error}",
    },
    # the worker's own words (its exit and its log's last lines), kept as written
    "train.failed.detail": {
        "ko": "서버 관리자용 기록(영어 원문): {error}",
        "en": "For the server's administrator, as logged: {error}",
    },
    # the runs table's short reason of a run that went wrong (shared.run_problem)
    "train.reason.dataset": {
        "ko": "데이터셋을 불러올 수 없음",
        "en": "The dataset could not be loaded",
    },
    "train.reason.store": {
        "ko": "저장 폴더에 쓸 수 없음",
        "en": "The runs folder could not be written",
    },
    "train.reason.died": {
        "ko": "학습 프로세스가 도중에 끝남",
        "en": "The training process ended partway",
    },
    "train.reason.silent": {
        "ko": "학습하던 서버가 응답하지 않음",
        "en": "The server training it stopped answering",
    },
    "train.reason.interrupted": {
        "ko": "학습 중에 서버가 꺼짐",
        "en": "The server stopped while it trained",
    },
    "train.reason.broken": {
        "ko": "파일이 빠졌거나 손상됨",
        "en": "Files missing or damaged",
    },
    "train.reason.other": {"ko": "학습 중 오류", "en": "An error while training"},
    "train.failed.dismiss": {"ko": "이 메시지 닫기", "en": "Dismiss"},
    "train.curve.loss": {"ko": "손실", "en": "Loss"},
    "train.curve.accuracy": {"ko": "정확도", "en": "Accuracy"},
    "train.curve.epoch": {"ko": "에포크", "en": "Epoch"},
    "train.curve.train": {"ko": "학습", "en": "training"},
    "train.curve.val": {"ko": "검증", "en": "validation"},
    "train.curve.running": {"ko": "학습 (진행 중인 에포크)", "en": "training (epoch in progress)"},
    "train.curve.best": {"ko": "선택된 에포크", "en": "kept epoch"},
    "train.results.none": {
        "ko": "아직 끝난 학습 실행이 없습니다. 위에서 학습을 시작해 보세요.",
        "en": "No run has finished yet. Start one above.",
    },
    "train.results.pick": {"ko": "살펴볼 학습 실행", "en": "Run to look at"},
    "train.results.gone": {
        "ko": "살펴보던 학습 실행이 없어졌습니다: **{run}** (폴더가 지워졌거나 파일이 손상되었습니다).",
        "en": "The run you were looking at is gone: **{run}** (its folder was deleted or its files are damaged).",
    },
    "train.results.stopped": {
        "ko": "중간에 멈춘 학습 실행입니다. 멈추기 전까지 저장된 가장 좋은 모델로 평가했습니다.",
        "en": "This run was stopped before its last epoch ended; it was evaluated with the best model saved up to the stop.",
    },
    "train.results.stopped_elsewhere": {
        "ko": "다른 브라우저에서(교사용 멈추기) 멈췄습니다.",
        "en": "It was stopped from another browser (the teacher's Stop).",
    },
    "train.results.stopped_partial": {
        "ko": "에포크 {epoch}의 배치 {batch}/{batches}에서 멈췄으므로, 곡선의 마지막 점은 에포크 일부만 학습한 값입니다.",
        "en": "It stopped in epoch {epoch} after batch {batch} of {batches}, so the curves' last point is a partial epoch.",
    },
    # {epoch} is 1: Stop came before any epoch had ended
    "train.results.stopped_first": {
        "ko": "첫 에포크의 배치 {batch}/{batches}에서 멈춘 학습 실행입니다. 끝까지 학습한 에포크가 없어서 멈춘 순간의 모델로 평가했고, 곡선의 점은 에포크 일부만 학습한 값입니다.",
        "en": "This run was stopped in its first epoch, after batch {batch} of {batches}. No epoch had ended, so it was evaluated with the model as it was at the stop, and the curves' point is a partial epoch.",
    },
    # the kept-epoch line: after all epochs ran; after early stopping; after Stop
    "train.results.best_help": {
        "ko": "초록 점선은 {loss}이 가장 낮았던 에포크입니다. 저장된 모델은 이 에포크의 가중치입니다.",
        "en": "The green dotted line marks the epoch with the lowest {loss}; the saved model has that epoch's weights.",
    },
    "train.results.best_help_early": {
        "ko": "초록 점선은 {loss}이 가장 낮았던 에포크입니다. 그 뒤 {patience} 에포크 동안 나아지지 않아 조기 종료가 학습을 멈추고 이 에포크의 가중치로 되돌렸습니다. 저장된 모델은 이 에포크의 가중치입니다.",
        "en": "The green dotted line marks the epoch with the lowest {loss}. It did not improve for {patience} epochs after it, so early stopping ended training and went back to that epoch's weights: the saved model has them.",
    },
    "train.results.best_help_stopped": {
        "ko": "초록 점선은 멈추기 전까지 {loss}이 가장 낮았던 에포크입니다. 저장된 모델은 이 에포크의 가중치입니다.",
        "en": "The green dotted line marks the epoch with the lowest {loss} before the stop; the saved model has that epoch's weights.",
    },
    "train.results.val_loss": {"ko": "검증 손실", "en": "validation loss"},
    "train.results.train_loss": {"ko": "학습 손실", "en": "training loss"},
    "train.metric.test_accuracy": {"ko": "테스트 정확도", "en": "Test accuracy"},
    "train.metric.test_loss": {"ko": "테스트 손실", "en": "Test loss"},
    "train.metric.best_epoch": {"ko": "선택된 에포크", "en": "Kept epoch"},
    # the part of an epoch Stop left: the kept epoch above, the explorer's epoch slider
    "train.epoch_partial": {
        "ko": "{epoch} (배치 {batch}/{batches})",
        "en": "{epoch} ({batch}/{batches} batches)",
    },
    "train.metric.seconds_per_epoch": {"ko": "에포크당 초", "en": "Seconds per epoch"},
    "train.metric.params": {"ko": "파라미터 수", "en": "Parameters"},
    "train.results.measured_on": {
        "ko": "테스트 정확도와 손실을 측정한 데이터: {test_set}",
        "en": "Test accuracy and loss measured on {test_set}",
    },
    "train.results.confusion": {"ko": "혼동 행렬", "en": "Confusion matrix"},
    # a click on a cell of the confusion matrix (app_pages/training/results.py)
    "train.results.confusion_click": {
        "ko": "칸을 클릭(터치)하면 그 칸에 들어간 테스트 이미지를 볼 수 있습니다.",
        "en": "Click (tap) a cell to see the test images in it.",
    },
    "train.pair.header": {
        "ko": "정답 {true}, 예측 {pred}인 테스트 이미지",
        "en": "Test images of true class {true}, predicted {pred}",
    },
    "train.pair.help": {
        "ko": "{total}장 중 모델이 가장 확신한 {shown}장입니다. 각 이미지의 확률 상위 3개와 예측한 클래스의 Grad-CAM을 보여 줍니다.",
        "en": "The {shown} of {total} the model was surest about, each with its three most probable classes and the Grad-CAM of the predicted class.",
    },
    "train.pair.caption": {
        "ko": "테스트 이미지 {n} · 정답 {true}",
        "en": "Test image {n} · true {true}",
    },
    "train.pair.open": {"ko": "모델 탐색기에서 열기", "en": "Open in the explorer"},
    "train.pair.no_model": {
        "ko": "이 학습 실행에는 저장된 모델이 없어 이미지를 보여 줄 수 없습니다.",
        "en": "This run has no saved model, so its images cannot be shown.",
    },
    "train.pair.no_dataset": {
        "ko": "이 서버에 테스트 데이터셋이 없어 이미지를 보여 줄 수 없습니다.",
        "en": "The test set is not on this server, so the images cannot be shown.",
    },
    "train.results.no_confusion": {
        "ko": "이 학습 실행에는 혼동 행렬이 없습니다.",
        "en": "This run has no confusion matrix.",
    },
    "train.results.mistakes": {
        "ko": "틀리게 분류한 테스트 이미지",
        "en": "Misclassified test images",
    },
    "train.results.mistakes_help": {
        "ko": "틀린 테스트 이미지 {total:,}장 가운데, 모델이 가장 자신 있게 틀린 {shown}장입니다.",
        "en": "The {shown} most confident mistakes out of {total:,} misclassified test images.",
    },
    "train.results.no_mistakes": {
        "ko": "저장된 오분류 이미지가 없습니다.",
        "en": "No misclassified images were saved.",
    },
    "train.true": {"ko": "정답", "en": "True"},
    "train.pred": {"ko": "예측", "en": "Predicted"},
    "train.download.model": {"ko": "모델 내려받기 (.keras)", "en": "Download the model (.keras)"},
    "train.download.data": {
        "ko": "데이터 내려받기 ({file}, 코드 옆에 두기)",
        "en": "Download the data ({file}, keep it beside the code)",
    },
    "train.download.history": {
        "ko": "에포크별 기록 내려받기 (CSV)",
        "en": "Download the history (CSV)",
    },
    "train.col.run": {"ko": "시작 시각", "en": "Started"},
    "train.col.status": {"ko": "상태", "en": "Status"},
    "train.col.dataset": {"ko": "데이터셋", "en": "Dataset"},
    "train.col.model": {"ko": "구성", "en": "Set-up"},  # an architecture or a preset
    "train.col.params": {"ko": "파라미터 수", "en": "Parameters"},
    "train.col.epochs": {"ko": "에포크", "en": "Epochs"},
    "train.col.seconds_per_epoch": {"ko": "에포크당 초", "en": "s / epoch"},
    "train.col.best_val_accuracy": {"ko": "최고 검증 정확도", "en": "Best val. accuracy"},
    "train.col.test_accuracy": {"ko": "테스트 정확도", "en": "Test accuracy"},
    "train.col.error": {"ko": "오류", "en": "Error"},  # a short reason (train.reason.*)
    "train.status.queued": {"ko": "대기 중", "en": "queued"},
    "train.status.running": {"ko": "학습 중", "en": "running"},
    "train.status.finished": {"ko": "완료", "en": "finished"},
    "train.status.stopped": {"ko": "중간에 멈춤", "en": "stopped"},
    "train.status.failed": {"ko": "실패", "en": "failed"},
    "train.status.interrupted": {
        "ko": "⚠ 중단됨 (서버 종료)",
        "en": "⚠ interrupted (server stopped)",
    },
    "train.status.broken": {"ko": "⚠ 손상됨", "en": "⚠ broken"},
    "train.runs.none": {"ko": "저장된 학습 실행이 없습니다.", "en": "No runs are saved yet."},
    # under the runs table: each failed run's technical text, in full
    "train.runs.details": {"ko": "오류의 기술 정보", "en": "Technical details of the errors"},
    "train.runs.broken_help": {
        "ko": "‘중단됨’은 학습 도중 서버가 꺼진 학습 실행이고, ‘손상됨’은 파일이 빠졌거나 깨진 학습 실행입니다. 둘 다 아래에서 지울 수 있습니다.",
        "en": "“Interrupted” runs were cut off when the server stopped; “broken” runs have missing or damaged files. You can delete either below.",
    },
    "train.compare.pick": {
        "ko": "곡선을 겹쳐 볼 학습 실행 (여러 개 선택)",
        "en": "Runs to overlay (pick several)",
    },
    "train.compare.placeholder": {"ko": "학습 실행을 고르세요", "en": "Choose runs"},
    "train.compare.help": {
        "ko": "두 개 이상 고르면 손실과 정확도 곡선을 한 그래프에서 비교할 수 있습니다.",
        "en": "Pick two or more to compare their loss and accuracy curves on one chart.",
    },
    "train.compare.val_suffix": {"ko": "(검증)", "en": "(val.)"},
    # under the compare charts; {runs}: "**A**: Epoch 1 (stopped at batch 784/938)", ...
    "train.compare.partial": {
        "ko": "속이 빈 점과 그 점으로 이어지는 점선은 도중에 멈춘 에포크를 나타냅니다. 그 에포크의 배치 중 일부만 학습한 값이므로, 끝까지 학습한 에포크의 값과 그대로 비교할 수 없습니다. {runs}",
        "en": "A hollow point and the dotted line to it mark a partial epoch: the run was stopped partway through that epoch, so only some of its batches trained, and the point is not a whole epoch's value. {runs}",
    },
    "train.delete.title": {"ko": "학습 실행 지우기", "en": "Delete a run"},
    "train.delete.pick": {"ko": "지울 학습 실행", "en": "Run to delete"},
    "train.delete.confirm": {
        "ko": "되돌릴 수 없음: 모델과 기록을 지웁니다",
        "en": "Cannot be undone: delete the model and history",
    },
    "train.delete.button": {"ko": "지우기", "en": "Delete"},
    "train.delete.done": {"ko": "학습 실행을 지웠습니다: {run}", "en": "Deleted: {run}"},
    "train.delete.error": {
        "ko": "학습 실행을 지우지 못했습니다: {run} ({error})",
        "en": "Could not delete {run} ({error})",
    },
    "train.delete.own_help": {  # then train.teacher.pin_needed or .server_only
        "ko": "이 브라우저에서 시작한 학습 실행만 지울 수 있습니다.",
        "en": "You can delete the runs started in this browser.",
    },
    "train.delete.none_own": {
        "ko": "이 브라우저에서 시작해서 지울 수 있는 학습 실행이 없습니다.",
        "en": "No run started in this browser can be deleted.",
    },
    # the code of a run (controls.code_ui, results)
    "train.code.title": {
        "ko": "이 학습 실행의 케라스 코드",
        "en": "The Keras code of this run",
    },
    "train.code.help": {
        "ko": "위 설정 그대로 학습하는 코드입니다: 데이터 불러오기, 모델, 컴파일, 콜백과 함께 fit. 앱 밖에서 그대로 실행됩니다 (numpy와 keras만 있으면 됩니다).",
        "en": "The code that trains exactly the settings above: loading the data, the model, compile, and fit with the callbacks. It runs as it is outside the app (it needs only numpy and keras).",
    },
    "train.code.download": {"ko": "코드 내려받기 (.py)", "en": "Download the code (.py)"},
    # the class board (app_pages/training/board.py)
    "train.board.name": {
        "ko": "게시판에 올릴 이름 (선택)",
        "en": "Name on the class board (optional)",
    },
    "train.board.name_placeholder": {"ko": "예: 민지", "en": "e.g. Minji"},
    "train.board.name_help": {
        "ko": "별명을 쓰세요 (최대 {limit}자). 학급 게시판에 이 학습 실행의 이름으로 보입니다.",
        "en": "Use a nickname (at most {limit} characters). The class board shows it as this run's name.",
    },
    "train.board.rename": {"ko": "게시판에 보일 이름", "en": "Name on the class board"},
    "train.board.rename_button": {"ko": "이름 저장", "en": "Save the name"},
    "train.board.rename_own": {
        "ko": "이름은 이 학습 실행을 시작한 브라우저에서만 바꿀 수 있습니다. 교사는 게시판에서 숨길 수 있습니다.",
        "en": "Only the browser that started this run can change its name; the teacher can hide it from the board.",
    },
    "train.board.renamed": {"ko": "이름을 저장했습니다: {name}", "en": "Name saved: {name}"},
    "train.board.name_removed": {
        "ko": "이름을 지웠습니다. 게시판에는 —로 보입니다.",
        "en": "Name removed: the board shows —.",
    },
    "train.board.error": {
        "ko": "게시판 정보를 저장할 수 없습니다: {error}",
        "en": "Cannot save the board entry: {error}",
    },
    "train.board.empty": {
        "ko": "아직 게시판에 올릴 학습 실행이 없습니다. 학습이 끝나면 테스트 정확도 순으로 여기에 나옵니다.",
        "en": "No run is on the board yet. Finished runs show up here by test accuracy.",
    },
    "train.board.all_hidden": {
        "ko": "이 데이터셋의 학습 실행은 모두 숨겨져 있습니다.",
        "en": "Every run of this dataset is hidden.",
    },
    "train.board.help": {
        "ko": "테스트 정확도가 높은 순서입니다. 어떤 구조와 설정이 잘 됐는지 함께 보세요.",
        "en": "Highest test accuracy first: see together which ideas worked.",
    },
    "train.board.col.rank": {"ko": "순위", "en": "Rank"},
    "train.board.col.name": {"ko": "이름", "en": "Name"},
    "train.board.col.seconds": {"ko": "학습 시간 (초)", "en": "Training time (s)"},
    "train.board.col.hidden": {"ko": "숨김", "en": "Hidden"},
    "train.board.stopped": {"ko": "{epochs} (중간에 멈춤)", "en": "{epochs} (stopped)"},
    # also the compare charts' partial epoch, after "Epoch" (results.partial_epoch_text)
    "train.board.stopped_partial": {
        "ko": "{epoch} (배치 {batch}/{batches}에서 멈춤)",
        "en": "{epoch} (stopped at batch {batch}/{batches})",
    },
    "train.board.teacher": {"ko": "교사용: 게시판 관리", "en": "For the teacher: manage the board"},
    "train.board.pin": {"ko": "교사 PIN", "en": "Teacher PIN"},
    # the teacher's controls (board.is_teacher): the PIN, in the sidebar, or the server's computer
    "train.teacher.title": {"ko": "교사용", "en": "For the teacher"},
    "train.teacher.unlock": {"ko": "잠금 풀기", "en": "Unlock"},
    "train.teacher.lock": {"ko": "다시 잠그기", "en": "Lock again"},
    "train.teacher.unlocked": {
        "ko": "교사용 기능이 열렸습니다: 다른 학생의 학습 실행을 멈추거나 지우고, 게시판을 관리할 수 있습니다.",
        "en": "The teacher's controls are open: stop or delete other students' runs and manage the board.",
    },
    "train.teacher.wrong_pin": {
        "ko": "교사 PIN이 틀렸습니다. 다시 넣어 보세요.",
        "en": "Wrong teacher PIN. Try again.",
    },
    "train.teacher.pin_help": {
        "ko": "이 서버는 교사용 기능(다른 학생의 학습 실행 멈추기와 지우기, 게시판 관리)을 교사 PIN으로 잠가 두었습니다. 한 번 넣으면 이 탭을 닫거나 새로 고칠 때까지 열려 있습니다.",
        "en": "This server locks the teacher's controls (stopping and deleting other students' runs, managing the board) behind a PIN. Typed once, they stay open until this tab is closed or reloaded.",
    },
    "train.teacher.pin_needed": {
        "ko": "교사는 사이드바에 교사 PIN을 넣으면 모든 학습 실행을 관리할 수 있습니다.",
        "en": "The teacher manages every run after typing the teacher PIN in the sidebar.",
    },
    # under a name field, when the board's cleaning cut the name (board.cut_name_note)
    "train.board.name_cut": {
        "ko": "이름은 {limit}자까지만 씁니다: {name}",
        "en": "Names keep at most {limit} characters: {name}",
    },
    # board.locked_text on a server without a PIN (how to set one: train.teacher.server_only)
    "train.teacher.only": {
        "ko": "이 기능은 교사만 쓸 수 있습니다.",
        "en": "This is for the teacher only.",
    },
    "train.teacher.server_only": {
        "ko": "교사는 서버를 실행하는 컴퓨터의 브라우저에서 모든 학습 실행을 관리할 수 있습니다. 다른 컴퓨터에서도 관리하려면 서버를 시작할 때 `CNN_EXPLORER_TEACHER_PIN`으로 교사 PIN을 정하세요.",
        "en": "The teacher manages every run from a browser on the computer that runs the server. To do it from other computers too, set a teacher PIN with `CNN_EXPLORER_TEACHER_PIN` when starting the server.",
    },
    "train.board.pick": {"ko": "학습 실행", "en": "Run"},
    "train.board.hide": {"ko": "게시판에서 숨기기", "en": "Hide from the board"},
    "train.board.show": {"ko": "게시판에 다시 보이기", "en": "Show on the board again"},
    "train.board.hidden_done": {
        "ko": "게시판에서 숨겼습니다: {run}",
        "en": "Hidden from the board: {run}",
    },
    "train.board.shown_done": {
        "ko": "게시판에 다시 보입니다: {run}",
        "en": "On the board again: {run}",
    },
}
